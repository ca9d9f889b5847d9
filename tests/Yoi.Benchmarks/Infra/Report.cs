using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Yoi.Benchmarks.Infra;

/// <summary>One figure of a scenario: product and (optional) same-run baseline over repeated rounds, and its target.</summary>
public sealed class Metric
{
    public required string Name { get; init; }
    public required string Unit { get; init; }
    public Summary? Product { get; init; }
    public Summary? Baseline { get; init; }
    /// <summary>Human text of the target, e.g. "≥ 0.6× baseline".</summary>
    public string? Target { get; init; }
    /// <summary>null: informational, no target.</summary>
    public bool? Pass { get; init; }
    public string? Note { get; init; }

    public double? Ratio => Product is not null && Baseline is not null && Baseline.Median != 0 ? Product.Median / Baseline.Median : null;

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["unit"] = Unit,
        ["product"] = Product is null ? null : SummaryJson(Product),
        ["baseline"] = Baseline is null ? null : SummaryJson(Baseline),
        ["ratio"] = Ratio is { } r ? Math.Round(r, 3) : null,
        ["target"] = Target,
        ["pass"] = Pass,
        ["note"] = Note,
    };

    private static JsonObject SummaryJson(Summary s) => new()
    {
        ["median"] = Round(s.Median),
        ["min"] = Round(s.Min),
        ["max"] = Round(s.Max),
        ["n"] = s.N,
    };

    private static double Round(double v) => Math.Abs(v) >= 100 ? Math.Round(v, 1) : Math.Round(v, 4);
}

/// <summary>What one scenario hands to the report: its JSON lines, its figures and notes.</summary>
public sealed class ScenarioResult(string scenario)
{
    public string Scenario { get; } = scenario;
    public string? Title { get; set; }
    public List<JsonObject> Runs { get; } = [];
    public List<Metric> Metrics { get; } = [];
    public List<string> Notes { get; } = [];
    public string? Error { get; set; }
    public double Seconds { get; set; }

    public void Run(JsonObject line)
    {
        line["scenario"] ??= Scenario;
        Runs.Add(line);
        Out.Line(line);
    }

    public JsonObject ToJson() => new()
    {
        ["scenario"] = Scenario,
        ["title"] = Title,
        ["seconds"] = Math.Round(Seconds, 1),
        ["error"] = Error,
        ["metrics"] = new JsonArray(Metrics.Select(m => (JsonNode)m.ToJson()).ToArray()),
        ["notes"] = new JsonArray(Notes.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
        ["runs"] = new JsonArray(Runs.Select(r => (JsonNode)r.DeepClone()).ToArray()),
    };

    public static ScenarioResult FromJson(JsonObject o)
    {
        var r = new ScenarioResult((string)o["scenario"]!)
        {
            Title = (string?)o["title"],
            Error = (string?)o["error"],
            Seconds = (double?)o["seconds"] ?? 0,
        };
        foreach (var m in o["metrics"]?.AsArray() ?? [])
        {
            r.Metrics.Add(new Metric
            {
                Name = (string)m!["name"]!,
                Unit = (string)m["unit"]!,
                Product = ReadSummary(m["product"]),
                Baseline = ReadSummary(m["baseline"]),
                Target = (string?)m["target"],
                Pass = (bool?)m["pass"],
                Note = (string?)m["note"],
            });
        }

        foreach (var n in o["notes"]?.AsArray() ?? [])
            r.Notes.Add((string)n!);
        foreach (var run in o["runs"]?.AsArray() ?? [])
            r.Runs.Add(run!.AsObject().DeepClone().AsObject());
        return r;
    }

    private static Summary? ReadSummary(JsonNode? n) =>
        n is null ? null : new Summary((double)n["median"]!, (double)n["min"]!, (double)n["max"]!, (int)n["n"]!);
}

/// <summary>Writes <c>report.json</c> and <c>report.md</c> from the scenarios' results.</summary>
public static class ReportWriter
{
    public static void Write(string dir, IReadOnlyList<ScenarioResult> scenarios, string defaultsNote, double totalSeconds)
    {
        Directory.CreateDirectory(dir);
        var machine = Repo.Machine();
        var commit = Repo.Commit();
        var at = DateTimeOffset.UtcNow;
        var json = new JsonObject
        {
            ["at"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["commit"] = commit,
            ["branch"] = Repo.Branch(),
            ["machine"] = machine,
            ["defaults"] = defaultsNote,
            ["seconds"] = Math.Round(totalSeconds, 1),
            ["scenarios"] = new JsonArray(scenarios.Select(s => (JsonNode)s.ToJson()).ToArray()),
        };
        File.WriteAllText(Path.Combine(dir, "report.json"), json.ToJsonString(Out.Indented) + "\n");
        File.WriteAllText(Path.Combine(dir, "report.md"), Markdown(scenarios, machine, commit, at, defaultsNote, totalSeconds));
    }

    public static string MachineLine(JsonObject m) =>
        $"{m["nproc"]} × {m["cpu"]}, {m["memory_gib"]} GiB, {m["dotnet"]}, {m["os"]}";

    public static string Markdown(IReadOnlyList<ScenarioResult> scenarios, JsonObject machine, string commit, DateTimeOffset at, string defaultsNote, double totalSeconds)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Yoi Supervisor — benchmark report").AppendLine();
        sb.AppendLine($"- Machine: {MachineLine(machine)}");
        sb.AppendLine($"- Commit: `{commit}` ({at:yyyy-MM-dd HH:mm} UTC), whole run {totalSeconds:0} s");
        sb.AppendLine($"- Settings: {defaultsNote}");
        sb.AppendLine("- Figures: median (min–max) over the rounds; product and baseline rounds interleaved in the same run; ratio = product median / baseline median.");
        sb.AppendLine();
        sb.AppendLine("## Targets").AppendLine();
        sb.AppendLine("| scenario | metric | measured | target | result |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var s in scenarios)
        {
            if (s.Error is not null)
                sb.AppendLine($"| {s.Scenario} | — | **failed**: {Escape(s.Error)} | | ❌ |");
            foreach (var m in s.Metrics.Where(m => m.Target is not null))
                sb.AppendLine($"| {s.Scenario} | {m.Name} | {Measured(m)} | {m.Target} | {Verdict(m)} |");
        }

        sb.AppendLine();
        foreach (var s in scenarios)
        {
            sb.AppendLine($"## {s.Scenario}{(s.Title is null ? "" : " — " + s.Title)}").AppendLine();
            if (s.Error is not null)
                sb.AppendLine($"**The scenario failed:** {Escape(s.Error)}").AppendLine();
            if (s.Metrics.Count > 0)
            {
                sb.AppendLine("| metric | product median (min–max) | baseline median (min–max) | ratio | target | result |");
                sb.AppendLine("|---|---|---|---|---|---|");
                foreach (var m in s.Metrics)
                {
                    sb.AppendLine(
                        $"| {m.Name} ({m.Unit}) | {Cell(m.Product)} | {Cell(m.Baseline)} | {(m.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—")} | {m.Target ?? ""} | {Verdict(m)}{(m.Note is null ? "" : " " + Escape(m.Note))} |");
                }

                sb.AppendLine();
            }

            foreach (var n in s.Notes)
                sb.AppendLine($"- {n}");
            if (s.Notes.Count > 0)
                sb.AppendLine();
            sb.AppendLine($"_{s.Runs.Count} runs, {s.Seconds:0} s._").AppendLine();
        }

        return sb.ToString();
    }

    public static string Measured(Metric m) =>
        m.Ratio is { } r && m.Target is not null && m.Target.Contains('×', StringComparison.Ordinal)
            ? $"{r.ToString("0.00", CultureInfo.InvariantCulture)}× ({Num(m.Product!.Median)} vs {Num(m.Baseline!.Median)} {m.Unit})"
            : m.Product is null ? "—" : $"{Num(m.Product.Median)} {m.Unit}";

    private static string Verdict(Metric m) => m.Pass switch
    {
        true => "✅ pass",
        false => "❌ miss",
        null => "",
    };

    private static string Cell(Summary? s) => s is null ? "—" : s.N == 1 ? Num(s.Median) : $"{Num(s.Median)} ({Num(s.Min)}–{Num(s.Max)})";

    public static string Num(double v)
    {
        var a = Math.Abs(v);
        var format = a >= 10_000 ? "#,0" : a >= 100 ? "0" : a >= 10 ? "0.0" : a >= 1 ? "0.00" : "0.000";
        return v.ToString(format, CultureInfo.InvariantCulture);
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
