using Newtonsoft.Json.Linq;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>The CLI against a mixed fleet: June pods (pods.json) and August workers (workers.json) in one runtime dir.</summary>
public sealed class DialectCliTests : IAsyncLifetime
{
    private readonly TempRuntimeDir _dir = new();
    private SimulatedFleet _pods = null!;
    private SimulatedFleet _workers = null!;

    public async Task InitializeAsync()
    {
        _pods = await SimulatedFleet.StartAsync(_dir.Path, [new PodSpec("p1", PodMode.Normal)]);
        _workers = await SimulatedFleet.StartAsync(_dir.Path, [new PodSpec("w1", PodMode.Normal)],
            SimulationOptions.Default with { Dialect = Dialect.Worker });
    }

    public async Task DisposeAsync()
    {
        await _workers.DisposeAsync();
        await _pods.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Status_shows_each_rows_dialect_and_flags_a_contradicted_one()
    {
        // A June pod listed in workers.json: its greeting says pod.
        PodRegistry.Register(PodRegistry.PathIn(_dir.Path, RegistryFlavor.Workers), PodAllocation.Of("liar", Environment.ProcessId, _pods["p1"].SocketPath));

        var json = await Cli.RunAsync("status", "--json", "--timeout-ms", "2000", "--runtime-dir", _dir.Path);
        Assert.True(json.ExitCode == 0, json.ToString());
        var pods = ((JArray)JObject.Parse(json.Stdout)["pods"]!).Cast<JObject>().ToDictionary(p => (string)p["name"]!);
        Assert.Equal("pod", (string)pods["p1"]["dialect"]!);
        Assert.Equal("worker", (string)pods["w1"]["dialect"]!);
        Assert.Equal("ok", (string)pods["w1"]["outcome"]!);
        Assert.Equal("worker", (string)pods["liar"]["dialect"]!);
        Assert.Equal("pod", (string)pods["liar"]["greeted_dialect"]!);
        Assert.Null(pods["p1"]["greeted_dialect"]);

        var table = await Cli.RunAsync("status", "--timeout-ms", "2000", "--runtime-dir", _dir.Path);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("DIALECT", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("greets as pod", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_raw_writes_the_workers_spelling_and_refuses_a_method_it_has_no_equivalent_for()
    {
        var sent = await Cli.RunAsync("send", "w1", "--raw", "{\"method\":\"list_pods\"}", "--runtime-dir", _dir.Path);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        await Eventually.Until(() => _workers["w1"].ReceivedMethods.Contains("{\"method\":\"list_workers\"}"), Cli.Ceiling,
            "list_workers at the worker");

        var refused = await Cli.RunAsync("send", "w1", "--raw", "{\"method\":\"list_completions\",\"params\":{\"kind\":\"knowledge\",\"prefix\":\"\"}}",
            "--runtime-dir", _dir.Path);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        UsageTests.AssertOneLineError(refused);
        Assert.Contains("worker dialect has no", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_workers["w1"].ReceivedMethods, m => m.Contains("list_completions", StringComparison.Ordinal));

        // The worker spelling to a June pod is written the pod's way.
        var toPod = await Cli.RunAsync("send", "p1", "--raw", "{\"method\":\"list_workers\"}", "--runtime-dir", _dir.Path);
        Assert.True(toPod.ExitCode == 0, toPod.ToString());
        await Eventually.Until(() => _pods["p1"].ReceivedMethods.Contains("{\"method\":\"list_pods\"}"), Cli.Ceiling, "list_pods at the pod");
    }

    [Fact]
    public async Task Watch_json_of_a_worker_prints_its_lines_as_it_sent_them_and_watch_shows_them_readably()
    {
        await using (var json = CliProcess.Start("watch", "w1", "--json", "--runtime-dir", _dir.Path))
        {
            var output = await json.WaitForStdoutAsync(o => o.Contains("\"event\":\"snapshot\"", StringComparison.Ordinal), what: "the snapshot");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith("{\"event\":\"snapshot\",\"data\":{\"entries\":[],\"greeting\":{\"worker_name\":\"w1\"", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("\"source\":\"worker\"", StringComparison.Ordinal));
            json.Signal(Native.SigTerm);
            var result = await json.WaitAsync(Cli.Ceiling);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        await using var readable = CliProcess.Start("watch", "w1", "--runtime-dir", _dir.Path);
        var shown = await readable.WaitForStdoutAsync(o => o.Contains("snapshot", StringComparison.Ordinal), what: "the snapshot");
        Assert.Contains("alert (warn, worker)", shown, StringComparison.Ordinal);
        readable.Signal(Native.SigTerm);
        var ended = await readable.WaitAsync(Cli.Ceiling);
        Assert.True(ended.ExitCode == 0, ended.ToString());
    }

    [Fact]
    public async Task A_name_in_both_files_is_refused_bare_and_reached_qualified()
    {
        PodRegistry.Register(PodRegistry.PathIn(_dir.Path, RegistryFlavor.Workers), PodAllocation.Of("p1", Environment.ProcessId, _workers["w1"].SocketPath));

        var bare = await Cli.RunAsync("send", "p1", "cancel", "--runtime-dir", _dir.Path);
        Assert.True(bare.ExitCode == 5, bare.ToString());
        UsageTests.AssertOneLineError(bare);
        Assert.Contains("worker:p1", bare.Stderr, StringComparison.Ordinal);

        var qualified = await Cli.RunAsync("send", "worker:p1", "--raw", "{\"method\":\"list_pods\"}", "--runtime-dir", _dir.Path);
        Assert.True(qualified.ExitCode == 0, qualified.ToString());
        await Eventually.Until(() => _workers["w1"].ReceivedMethods.Contains("{\"method\":\"list_workers\"}"), Cli.Ceiling,
            "list_workers at the worker behind worker:p1");
    }
}
