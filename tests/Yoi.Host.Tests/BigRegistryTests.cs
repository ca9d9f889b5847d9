using System.Text;
using Newtonsoft.Json.Linq;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>Issue 10: a valid 50 MB registry (5,000 rows, each with a 10 KB socket path) end to end through
/// <c>status</c>, in-process and through a daemon: every row comes back, exact, in a reply far over the pod line limit.</summary>
public sealed class BigRegistryTests : IDisposable
{
    private const int Rows = 5000;
    private static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(3);
    private readonly TempRuntimeDir _dir = new();
    private readonly string[] _sockets;

    public BigRegistryTests()
    {
        // A 10 KB path of 200-byte components: longer than PATH_MAX, so no probe can reach it, but a valid registry row.
        var tail = string.Join('/', Enumerable.Repeat(new string('d', 199), 51));
        _sockets = Enumerable.Range(0, Rows).Select(i => $"{_dir.Path}/{i:D5}/{tail}.sock").ToArray();
        var text = new StringBuilder("{\"allocations\":[");
        for (var i = 0; i < Rows; i++)
        {
            if (i > 0) text.Append(',');
            text.Append("{\"pod_name\":\"big-").Append(i.ToString("D5")).Append("\",\"pid\":").Append(Environment.ProcessId)
                .Append(",\"socket\":\"").Append(_sockets[i]).Append("\",\"scope_allow\":[],\"scope_deny\":[],\"delegated_from\":null,\"segment_id\":null}");
        }

        File.WriteAllText(_dir.RegistryPath, text.Append("]}").ToString());
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Status_json_in_process_returns_all_5000_rows()
    {
        Assert.InRange(new FileInfo(_dir.RegistryPath).Length, 50_000_000, 64L * 1024 * 1024);
        await using var status = CliProcess.Start("status", "--json", "--timeout-ms", "10000", "--runtime-dir", _dir.Path);
        AssertAllRows(await status.WaitAsync(Ceiling));
    }

    [Fact]
    public async Task Status_through_a_daemon_returns_all_5000_rows_as_json_and_as_a_table()
    {
        await using var daemon = CliProcess.Start("run", "--runtime-dir", _dir.Path, "--period-ms", "60000", "--timeout-ms", "10000");
        await Eventually.Until(() => daemon.Stderr.Contains("supervising", StringComparison.Ordinal) || daemon.HasExited, Ceiling, "the daemon to start");
        Assert.False(daemon.HasExited, daemon.Stderr);

        await using (var json = CliProcess.Start("status", "--json", "--timeout-ms", "10000", "--runtime-dir", _dir.Path))
            AssertAllRows(await json.WaitAsync(Ceiling));

        await using var table = CliProcess.Start("status", "--runtime-dir", _dir.Path);
        var result = await table.WaitAsync(Ceiling);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Rows, result.Stdout.Split('\n').Count(l => l.Contains("big-", StringComparison.Ordinal)));
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    private void AssertAllRows(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.InRange(result.Stdout.Length, 50_000_000, int.MaxValue); // one line, over the 16 MiB pod line limit
        var pods = ((JArray)JObject.Parse(result.Stdout)["pods"]!).Cast<JObject>().ToList();
        Assert.Equal(Rows, pods.Count);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => $"big-{i:D5}"), pods.Select(p => (string)p["name"]!).Order(StringComparer.Ordinal));
        var byName = pods.ToDictionary(p => (string)p["name"]!);
        for (var i = 0; i < Rows; i++)
            Assert.Equal(_sockets[i], (string)byName[$"big-{i:D5}"]["socket"]!);
        // No socket can be made at a path that long: each row says so (a deadline generous enough for 5,000 at once).
        var others = pods.Where(p => (string?)p["outcome"] != "refused" || !((string?)p["detail"])!.StartsWith("unusable socket path", StringComparison.Ordinal)).ToList();
        Assert.True(others.Count == 0, $"{others.Count} other rows, e.g. {others.FirstOrDefault()?.ToString()[..300]}");
    }
}
