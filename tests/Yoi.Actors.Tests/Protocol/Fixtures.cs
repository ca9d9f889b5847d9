using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Tests.Protocol;

/// <summary>
/// The golden wire fixtures (copied to the output directory) and their labels from <c>index.json</c>. The June (pod
/// dialect) files are named plainly (<c>events.jsonl</c>), the worker dialect's with their folder (<c>worker/events.jsonl</c>).
/// </summary>
internal static class Fixtures
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "protocol");

    private static readonly JObject Index = JObject.Parse(File.ReadAllText(Path.Combine(Root, "index.json")));

    private static readonly JObject WorkerIndex = JObject.Parse(File.ReadAllText(Path.Combine(Root, "worker", "index.json")));

    /// <summary>The lines of a fixture file, without terminators.</summary>
    public static string[] Lines(string file) =>
        File.ReadAllText(Path.Combine(Root, file)).TrimEnd('\n').Split('\n');

    /// <summary>One theory row per line: a readable label such as <c>events.jsonl:13 turn_end.finished</c>.</summary>
    public static TheoryData<string> Labels(string file)
    {
        var data = new TheoryData<string>();
        var (index, name) = file.StartsWith("worker/", StringComparison.Ordinal)
            ? (WorkerIndex, file["worker/".Length..])
            : (Index, file);
        foreach (var entry in (JArray)index["files"]![name]!)
        {
            data.Add($"{file}:{(int)entry["line"]!} {(string)entry["label"]!}");
        }

        return data;
    }

    /// <summary>Splits a label back into file, 1-based line and the variant (the label up to its first dot).</summary>
    public static (string File, int Line, string Variant) Parse(string label)
    {
        var colon = label.IndexOf(':', StringComparison.Ordinal);
        var space = label.IndexOf(' ', StringComparison.Ordinal);
        var name = label[(space + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return (label[..colon], int.Parse(label[(colon + 1)..space], System.Globalization.CultureInfo.InvariantCulture),
            dot < 0 ? name : name[..dot]);
    }

    /// <summary><c>tool_call_start</c> → <c>ToolCallStart</c>.</summary>
    public static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(static part => char.ToUpperInvariant(part[0]) + part[1..]));
}
