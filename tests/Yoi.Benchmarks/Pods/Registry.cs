using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yoi.Benchmarks.Pods;

/// <summary>One pods.json allocation as the benchmark needs it.</summary>
public sealed record Pod(string Name, int Pid, string Socket);

/// <summary>A plain reader/writer of <c>pods.json</c> (System.Text.Json), independent of the product's registry code.</summary>
public static class Registry
{
    public static string PathIn(string runtimeDir) => Path.Combine(runtimeDir, "pods.json");

    /// <summary>The allocations of <c>pods.json</c> and <c>workers.json</c> (the August runtime's, whose rows name a
    /// <c>worker_name</c>), or none of a file that is missing, empty or (while being written) unreadable.</summary>
    public static List<Pod> Read(string runtimeDir) =>
        [.. ReadFile(PathIn(runtimeDir), "pod_name"), .. ReadFile(Path.Combine(runtimeDir, "workers.json"), "worker_name")];

    private static List<Pod> ReadFile(string path, string nameKey)
    {
        try
        {
            if (!File.Exists(path))
                return [];
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
                return [];
            using var doc = JsonDocument.Parse(bytes);
            var pods = new List<Pod>();
            foreach (var a in doc.RootElement.GetProperty("allocations").EnumerateArray())
                pods.Add(new Pod(a.GetProperty(nameKey).GetString()!, a.GetProperty("pid").GetInt32(), a.GetProperty("socket").GetString()!));
            return pods;
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>Writes the whole table at once (temp file + rename, 0600 in a 0700 directory).</summary>
    public static void Write(string runtimeDir, IEnumerable<Pod> pods)
    {
        Directory.CreateDirectory(runtimeDir);
        File.SetUnixFileMode(runtimeDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var allocations = new JsonArray();
        foreach (var p in pods)
        {
            allocations.Add(new JsonObject
            {
                ["pod_name"] = p.Name,
                ["pid"] = p.Pid,
                ["socket"] = p.Socket,
                ["scope_allow"] = new JsonArray(),
                ["scope_deny"] = new JsonArray(),
                ["delegated_from"] = null,
                ["segment_id"] = null,
            });
        }

        var path = PathIn(runtimeDir);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, new JsonObject { ["allocations"] = allocations }.ToJsonString());
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, path, overwrite: true);
    }
}
