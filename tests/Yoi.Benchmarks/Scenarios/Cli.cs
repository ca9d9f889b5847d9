using System.Diagnostics;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// cli: wall time of <c>yoi-supervisor status --json</c> on 10 pods as a whole process (no daemon: one in-process
/// cycle), against the benchmark's own <c>plain-status</c> process (read pods.json, probe, print JSON), interleaved.
/// </summary>
public static class Cli
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "`yoi-supervisor status --json` as a whole process";
        var runs = args.Int("runs", 20);
        var podCount = args.Int("pods", 10);
        var built = Repo.HostCommand() ?? throw new InvalidOperationException("the host is not built (src/Yoi.Host/bin/Release/net10.0/yoi-supervisor)");
        var published = Repo.PublishedHostCommand();
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartAsync(args.Str("fleet", "self")!, podCount, "normal", "cli").ConfigureAwait(false);

        // Both forms a user runs: the installed one (the Publish target's directory) and the build output (what
        // `dotnet run` starts). Both hold ReadyToRun images; the target applies to each.
        var commands = new List<(string Name, (string File, string[] Prefix) Command, string[] Args)>();
        if (published is { } p)
            commands.Add(("published", p, ["status", "--json", "--runtime-dir", fleet.RuntimeDir]));
        commands.Add(("build", built, ["status", "--json", "--runtime-dir", fleet.RuntimeDir]));
        commands.Add(("plain", Repo.SelfCommand(), ["plain-status", "--runtime-dir", fleet.RuntimeDir]));
        result.Notes.Add($"{runs} runs each, interleaved (the order rotates every run), after 2 warm-up runs each (disk cache); {fleet.Pods.Count} pods ({fleet.Kind} fleet); no daemon running, so `status` probes in-process. Product: `yoi-supervisor status --json`, "
            + (published is null ? "the build output only (the Publish target was not run). " : "both as installed by the Publish target (artifacts/publish) and as built (src/Yoi.Host/bin); both hold ReadyToRun images, and the target applies to each. ")
            + "Baseline: `Yoi.Benchmarks plain-status` (the plain prober in a .NET process: startup + probe + JSON out).");

        var times = commands.ToDictionary(c => c.Name, _ => new List<double>());
        for (var i = -2; i < runs; i++)
        {
            for (var k = 0; k < commands.Count; k++)
            {
                var (name, command, commandArgs) = commands[(k + Math.Max(i, 0)) % commands.Count];
                var (ms, exit, stdout, stderr) = await Time(command, commandArgs, fleet.RuntimeDir).ConfigureAwait(false);
                var pods = CountPods(stdout);
                if (name != "plain" && (exit != 0 || pods != fleet.Pods.Count))
                    throw new InvalidOperationException($"{name}: status --json exited {exit} listing {pods} of {fleet.Pods.Count} pods: {Trim(stderr)} {Trim(stdout)}");
                if (i < 0)
                    continue;
                times[name].Add(ms);
                result.Run(new JsonObject
                {
                    ["prober"] = name,
                    ["run"] = i,
                    ["wall_ms"] = Math.Round(ms, 1),
                    ["exit"] = exit,
                    ["pods_listed"] = pods,
                });
            }
        }

        var baseline = Summary.Of(times["plain"]);
        foreach (var (name, _, _) in commands.Where(c => c.Name != "plain"))
        {
            var summary = Summary.Of(times[name]);
            result.Metrics.Add(new Metric
            {
                Name = name == "published" ? "wall time, installed" : "wall time, build output",
                Unit = "ms",
                Product = summary,
                Baseline = baseline,
                Target = "≤ 400 ms median",
                Pass = summary is null ? null : summary.Median <= 400,
                Note = name == "published" ? "(artifacts/publish/yoi-supervisor)" : "(src/Yoi.Host/bin/Release/net10.0/yoi-supervisor)",
            });
        }
    }

    private static int CountPods(string stdout)
    {
        try
        {
            var json = JsonNode.Parse(stdout.Trim());
            return json?["pods"]?.AsArray().Count ?? -1;
        }
        catch (System.Text.Json.JsonException)
        {
            return -1;
        }
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "…" : s.Trim();

    private static async Task<(double Ms, int Exit, string Stdout, string Stderr)> Time((string File, string[] Prefix) command, string[] args, string runtimeDir)
    {
        var psi = new ProcessStartInfo(command.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Prefix.Concat(args))
            psi.ArgumentList.Add(a);
        psi.Environment["YOI_RUNTIME_DIR"] = runtimeDir;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().ConfigureAwait(false);
        var ms = sw.Elapsed.TotalMilliseconds;
        return (ms, p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
