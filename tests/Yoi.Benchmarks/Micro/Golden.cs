using System.Text;

namespace Yoi.Benchmarks.Micro;

/// <summary>The golden protocol lines (copied next to the binary from the test project's fixtures).</summary>
public static class Golden
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "golden");

    /// <summary>events.jsonl: every event variant, exactly as serde writes it.</summary>
    public static string[] Events { get; } = Read("events.jsonl");

    /// <summary>events.inbound.jsonl: inputs serde accepts but never writes.</summary>
    public static string[] InboundEvents { get; } = Read("events.inbound.jsonl");

    public static string[] AllEvents { get; } = [.. Events, .. InboundEvents];

    public static string TextDelta { get; } = Events.First(l => l.StartsWith("{\"event\":\"text_delta\"", StringComparison.Ordinal));

    /// <summary>All golden event lines, repeated to about <paramref name="bytes"/> bytes of stream.</summary>
    /// <summary>A snapshot whose history (every golden snapshot's entries, repeated) makes the line about
    /// <paramref name="bytes"/> long: what a pod that has worked for a while sends on every connect.</summary>
    public static string LongSnapshot(int bytes)
    {
        var snapshots = Events.Where(l => l.StartsWith("{\"event\":\"snapshot\"", StringComparison.Ordinal)).Select(Newtonsoft.Json.Linq.JObject.Parse).ToList();
        var pool = snapshots.SelectMany(s => (Newtonsoft.Json.Linq.JArray)s["data"]!["entries"]!).ToList();
        var snapshot = snapshots[0];
        var entries = new Newtonsoft.Json.Linq.JArray();
        var size = 0;
        for (var i = 0; size < bytes; i++)
        {
            var entry = pool[i % pool.Count];
            entries.Add(entry.DeepClone());
            size += entry.ToString(Newtonsoft.Json.Formatting.None).Length + 1;
        }

        snapshot["data"]!["entries"] = entries;
        return snapshot.ToString(Newtonsoft.Json.Formatting.None);
    }

    public static byte[] Stream(int bytes)
    {
        var one = Encoding.UTF8.GetBytes(string.Join('\n', AllEvents) + "\n");
        var data = new byte[Math.Max(1, bytes / one.Length) * one.Length];
        for (var off = 0; off < data.Length; off += one.Length)
            one.CopyTo(data, off);
        return data;
    }

    private static string[] Read(string name)
    {
        var path = Path.Combine(Dir, name);
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray() : [];
    }
}
