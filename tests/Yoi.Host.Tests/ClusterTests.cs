using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Newtonsoft.Json.Linq;
using Yoi.Host.Cluster;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>Three <c>run --cluster</c> processes on loopback (ephemeral ports, TLS with certificates made here), each
/// with its own runtime directory and simulated fleet, driven through the CLI of each node.</summary>
public sealed class ClusterTests : IAsyncLifetime
{
    // Generous: the machine is shared and busy. The documented bound for `node-unreachable` is the failure detector's
    // pause (5 s here) plus a second or two of gossip; UnreachableCeiling is that bound with room for a loaded machine.
    private static readonly TimeSpan FormCeiling = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan UnreachableCeiling = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan DownCeiling = TimeSpan.FromSeconds(40);

    private readonly TempRuntimeDir _work = new();
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private string _certs = "";
    private int _seedPort;

    private sealed class Node(string name, int port, SimulatedFleetFixture fleet, string config)
    {
        public string Name { get; } = name;
        public int Port { get; } = port;
        public SimulatedFleetFixture Fleet { get; } = fleet;
        public string Config { get; } = config;
        public CliProcess? Process { get; set; }
    }

    public async Task InitializeAsync()
    {
        _certs = Path.Combine(_work.Path, "certs");
        ClusterCertificates.Write(_certs, ["a", "b", "c"], ["127.0.0.1"], password: "test");
        _seedPort = FreePort();
        foreach (var name in new[] { "a", "b", "c" })
        {
            var port = name == "a" ? _seedPort : FreePort();
            var fleet = await SimulatedFleetFixture.StartAsync([new PodSpec("p1", PodMode.Normal), new PodSpec("p2", PodMode.Normal)]);
            var node = new Node(name, port, fleet, WriteConfig(name, port, Path.Combine(_certs, name + ".pfx"), Path.Combine(_certs, "ca.crt")));
            _nodes[name] = node;
        }

        foreach (var node in _nodes.Values)
            Start(node);
        foreach (var node in _nodes.Values)
            await WaitUntilServing(node.Process!);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            if (node.Process is not null) await node.Process.DisposeAsync();
            await node.Fleet.DisposeAsync();
        }

        _work.Dispose();
    }

    [Fact]
    public async Task Three_nodes_one_view_across_hosts_through_a_kill_a_rejoin_and_a_leave()
    {
        // Every node lists every pod, each with its node.
        foreach (var node in _nodes.Values)
            await UntilPods(node, pods => Outcomes(pods).SetEquals(["a/p1=ok", "a/p2=ok", "b/p1=ok", "b/p2=ok", "c/p1=ok", "c/p2=ok"]), FormCeiling, $"node {node.Name} to list all six pods");

        // A send from A reaches a pod on C; its --follow events come back in the order C's own client sees them.
        var remote = await Cli.RunAsync("send", "c/p1", "run", "across hosts", "--follow", "--json", "--runtime-dir", Dir("a"));
        Assert.True(remote.ExitCode == 0, remote.ToString());
        var local = await Cli.RunAsync("send", "p2", "run", "across hosts", "--follow", "--json", "--runtime-dir", Dir("c"));
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Equal(EventNames(local.Stdout), EventNames(remote.Stdout));
        Assert.Equal("run_end", EventNames(remote.Stdout)[^1]);
        Assert.Contains(_nodes["c"].Fleet["p1"].ReceivedMethods, m => m.Contains("across hosts", StringComparison.Ordinal));

        // The owning node validates: an unknown pod of C is refused by C (its registry path in the reason).
        var unknown = await Cli.RunAsync("send", "c/nope", "cancel", "--runtime-dir", Dir("a"));
        Assert.True(unknown.ExitCode == ExitCodes.PodUnavailable, unknown.ToString());
        Assert.Contains(Dir("c"), unknown.Stderr);

        // start/stop/restart NODE/POD go to the owning node too: C answers that its p1 is a registered pod it does not
        // manage (not_managed, naming the bare pod), where A alone would know no pod "c/p1".
        var unmanaged = await Cli.RunAsync("stop", "c/p1", "--runtime-dir", Dir("a"));
        Assert.True(unmanaged.ExitCode == ExitCodes.PodUnavailable, unmanaged.ToString());
        Assert.Contains("pod p1 is not managed by this supervisor", unmanaged.Stderr, StringComparison.Ordinal);

        // watch NODE/POD streams from the owning node.
        await using (var watch = CliProcess.Start("watch", "b/p2", "--json", "--runtime-dir", Dir("c")))
        {
            await watch.WaitForStdoutAsync(o => o.Contains("\"snapshot\"", StringComparison.Ordinal), Cli.Ceiling, "the remote watch's snapshot");
        }

        var fdsBefore = _nodes.Values.Where(n => n.Name != "b").ToDictionary(n => n.Name, n => OpenFds(n.Process!.Pid));

        // A node whose certificate another CA issued cannot join, and both ends say why: the cluster's node refuses
        // its certificate in the TLS handshake. (Akka.Remote then shuts the refused node's actor system down: it exits 1.)
        var rogueCerts = Path.Combine(_work.Path, "rogue");
        ClusterCertificates.Write(rogueCerts, ["d"], ["127.0.0.1"], password: "test");
        var rogueFleet = await SimulatedFleetFixture.StartAsync([new PodSpec("p9", PodMode.Normal)]);
        await using (rogueFleet)
        {
            var rogue = new Node("d", FreePort(), rogueFleet, WriteConfig("d", FreePort(), Path.Combine(rogueCerts, "d.pfx"), Path.Combine(rogueCerts, "ca.crt")));
            Start(rogue);
            await using (rogue.Process!)
            {
                await WaitUntilServing(rogue.Process!);
                await Eventually.Until(() => _nodes["a"].Process!.Stderr.Contains("presented CN=d, not issued by the cluster CA", StringComparison.Ordinal), Cli.Ceiling, "node a to refuse the rogue's certificate");
                try
                {
                    // The rogue's own check of a's certificate runs when its side of the handshake gets that far; a
                    // may close the channel first (it refuses the rogue's certificate as soon as it has it), and then
                    // the rogue sees the handshake fail. Either way it is refused, and says so.
                    await Eventually.Until(() => rogue.Process!.Stderr.Contains("presented CN=a, not issued by the cluster CA", StringComparison.Ordinal)
                        || rogue.Process!.Stderr.Contains("TLS handshake failed", StringComparison.Ordinal), Cli.Ceiling, "the rogue to refuse a's certificate or see its handshake refused");
                }
                catch (TimeoutException e)
                {
                    Assert.Fail($"{e.Message}; the rogue {(rogue.Process!.HasExited ? "exited" : "runs")}, its stderr:\n{rogue.Process!.Stderr}");
                }
                if (!rogue.Process!.HasExited)
                {
                    // Whatever it still does, it cannot reach a node of the cluster.
                    var refused = await Cli.RunAsync("send", "a/p1", "cancel", "--runtime-dir", rogueFleet.RuntimeDir);
                    Assert.True(refused.ExitCode is ExitCodes.PodUnavailable or ExitCodes.SupervisorUnavailable, refused.ToString());
                }

                var rogueEnd = await rogue.Process!.WaitAsync(Cli.Ceiling);
                Assert.True(rogueEnd.ExitCode == ExitCodes.Failure, rogueEnd.ToString());
                Assert.Contains("it never joined the cluster", rogueEnd.Stderr, StringComparison.Ordinal);
                Assert.DoesNotContain(_nodes["a"].Fleet["p1"].ReceivedMethods, m => m.Contains("cancel", StringComparison.Ordinal));
                var aView = await ClusterPods(_nodes["a"]);
                Assert.DoesNotContain(aView, p => (string?)p["node"] == "d");
            }
        }

        // B killed: its pods turn node-unreachable on A and C within the bound, with the time it was last seen; then the
        // resolver downs it (keep-majority: A and C are two of three).
        var killedAt = Stopwatch.StartNew();
        _nodes["b"].Process!.Signal(9);
        foreach (var name in new[] { "a", "c" })
        {
            await UntilPods(_nodes[name], pods => pods.Where(p => (string?)p["node"] == "b").Select(p => (string?)p["outcome"]).DefaultIfEmpty("").All(o => o == ClusterView.NodeUnreachable || o == ClusterView.NodeDown)
                && pods.Count(p => (string?)p["node"] == "b") == 2, UnreachableCeiling, $"b's pods to be node-unreachable on {name}");
        }

        var unreachableAfter = killedAt.Elapsed;
        var seen = await ClusterPods(_nodes["a"]);
        Assert.All(seen.Where(p => (string?)p["node"] == "b"), p =>
        {
            Assert.False((bool)p["reachable"]!);
            Assert.NotNull((string?)p["last_seen"]);
        });
        foreach (var name in new[] { "a", "c" })
            await UntilPods(_nodes[name], pods => pods.Where(p => (string?)p["node"] == "b").All(p => (string?)p["outcome"] == ClusterView.NodeDown) && pods.Count(p => (string?)p["node"] == "b") == 2, DownCeiling, $"b to be downed on {name}");
        Assert.True(unreachableAfter < UnreachableCeiling, $"unreachable after {unreachableAfter}");

        // B again: it rejoins and its view replaces the old one.
        await _nodes["b"].Process!.DisposeAsync();
        Start(_nodes["b"]);
        await WaitUntilServing(_nodes["b"].Process!);
        foreach (var name in new[] { "a", "c" })
            await UntilPods(_nodes[name], pods => Outcomes(pods).SetEquals(["a/p1=ok", "a/p2=ok", "b/p1=ok", "b/p2=ok", "c/p1=ok", "c/p2=ok"]), FormCeiling, $"b's pods back on {name}");

        // Each node's descriptors are where they were before the rogue, the kill and the rejoin.
        foreach (var (name, before) in fdsBefore)
        {
            var pid = _nodes[name].Process!.Pid;
            await Eventually.Until(() => OpenFds(pid) <= before + 2, TimeSpan.FromSeconds(45), $"node {name}'s fds back to {before} (now {OpenFds(pid)})");
        }

        // C leaves gracefully: its pods leave the view (not shown as down).
        Assert.False(_nodes["c"].Process!.HasExited, $"node c stopped by itself:\n{Tail(_nodes["c"].Process!.Stderr)}");
        _nodes["c"].Process!.Signal(15);
        var left = await _nodes["c"].Process!.WaitAsync(Cli.Ceiling);
        // On a starved machine (load 30+ on two cores) a node can miss heartbeats for longer than the pause: the
        // others then mark it unreachable and the resolver downs it, which may come before the signal. That is the
        // resolver doing its job, shown as such (node-down), and accepted only with c's own exit line saying so —
        // a node that left (or saw the signal) exits 0.
        var downedFirst = left.ExitCode == ExitCodes.Failure
            && left.Stderr.Contains("stopped without a signal: it was ", StringComparison.Ordinal);
        Assert.True(left.ExitCode == 0 || downedFirst, $"{left}\n--- node a:\n{Tail(_nodes["a"].Process!.Stderr)}\n--- node b:\n{Tail(_nodes["b"].Process!.Stderr)}");
        if (left.ExitCode == 0)
            await UntilPods(_nodes["a"], pods => !pods.Any(p => (string?)p["node"] == "c") && pods.Count == 4, DownCeiling, "c's pods to leave a's view");
        else
            await UntilPods(_nodes["a"], pods => pods.Where(p => (string?)p["node"] == "c").All(p => (string?)p["outcome"] is ClusterView.NodeDown or ClusterView.NodeUnreachable), DownCeiling, "c's pods down on a");
    }

    [Fact]
    public async Task A_node_frozen_past_the_failure_detector_is_downed_and_stops_when_it_wakes()
    {
        foreach (var node in _nodes.Values)
            await UntilPods(node, pods => Outcomes(pods).SetEquals(["a/p1=ok", "a/p2=ok", "b/p1=ok", "b/p2=ok", "c/p1=ok", "c/p2=ok"]), FormCeiling, $"node {node.Name} to list all six pods");

        // SIGSTOP: c's process lives but says nothing (a hung host, a long GC pause, a laptop lid). The majority (a, b)
        // marks it unreachable, then its resolver downs it.
        var c = _nodes["c"].Process!;
        c.Signal(Native.SigStop);
        try
        {
            foreach (var name in new[] { "a", "b" })
                await UntilPods(_nodes[name], pods => pods.Count(p => (string?)p["node"] == "c" && (string?)p["outcome"] == ClusterView.NodeDown) == 2, UnreachableCeiling + DownCeiling, $"c's pods node-down on {name}");
        }
        finally
        {
            c.Signal(Native.SigCont);
        }

        // Woken, c learns it is out of the cluster and stops rather than carry on as a second half: exit 1, saying why.
        var end = await c.WaitAsync(Cli.Ceiling);
        Assert.True(end.ExitCode == ExitCodes.Failure && end.Stderr.Contains("stopped without a signal: it was", StringComparison.Ordinal), end.ToString());
        Assert.DoesNotContain("never joined", end.Stderr, StringComparison.Ordinal);
        // The majority carries on, c's pods shown down (not dropped, not healthy).
        await UntilPods(_nodes["a"], pods => Outcomes(pods).SetEquals(["a/p1=ok", "a/p2=ok", "b/p1=ok", "b/p2=ok", $"c/p1={ClusterView.NodeDown}", $"c/p2={ClusterView.NodeDown}"]), DownCeiling, "a's view after c stopped");
    }

    // ---------------- helpers ----------------

    private string Dir(string node) => _nodes[node].Fleet.RuntimeDir;

    private string WriteConfig(string name, int port, string certificate, string ca)
    {
        var path = Path.Combine(_work.Path, name + ".json");
        var config = new JObject
        {
            ["cluster"] = new JObject
            {
                ["node_name"] = name,
                ["hostname"] = "127.0.0.1",
                ["port"] = port,
                ["seed_nodes"] = new JArray($"127.0.0.1:{_seedPort}"),
                // Relative: the configuration file takes them from its own directory.
                ["certificate_path"] = Path.GetRelativePath(_work.Path, certificate),
                ["certificate_password"] = "test",
                ["ca_certificate_path"] = Path.GetRelativePath(_work.Path, ca),
                // Loose enough that a starved process on a loaded machine is not taken for a dead one (that node would
                // be downed: the resolver works), tight enough for the test's time budget.
                ["stable_after_ms"] = 5000,
                ["heartbeat_pause_ms"] = 5000,
            },
        };
        File.WriteAllText(path, config.ToString());
        return path;
    }

    private static void Start(Node node) =>
        node.Process = CliProcess.Start("run", "--cluster", "--config", node.Config, "--runtime-dir", node.Fleet.RuntimeDir, "--period-ms", "300", "--timeout-ms", "1000");

    private static async Task WaitUntilServing(CliProcess daemon)
    {
        await Eventually.Until(() => daemon.Stderr.Contains("supervising", StringComparison.Ordinal) || daemon.HasExited, Cli.Ceiling, "the daemon to start");
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    private static async Task<List<JObject>> ClusterPods(Node node)
    {
        var result = await Cli.RunAsync("status", "--cluster", "--json", "--runtime-dir", node.Fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        return ((JArray)JObject.Parse(result.Stdout)["pods"]!).Cast<JObject>().ToList();
    }

    private static async Task UntilPods(Node node, Func<List<JObject>, bool> condition, TimeSpan within, string what)
    {
        List<JObject> last = [];
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            last = await ClusterPods(node);
            if (condition(last))
                return;
            if (deadline.Elapsed > within)
                Assert.Fail($"{what}: not within {within}; last view:\n{string.Join("\n", last.Select(p => p.ToString(Newtonsoft.Json.Formatting.None)))}\n--- node stderr (tail)\n{Tail(node.Process?.Stderr)}");
            await Task.Delay(200);
        }
    }

    private static HashSet<string> Outcomes(List<JObject> pods) =>
        pods.Select(p => $"{p["node"]}/{p["name"]}={p["outcome"]}").ToHashSet(StringComparer.Ordinal);

    private static List<string> EventNames(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (string)JObject.Parse(l)["event"]!).ToList();

    // Assemblies the runtime maps as code is first used keep an fd each: they are loading, not leaking, and not counted.
    private static int OpenFds(int pid) =>
        Directory.GetFileSystemEntries($"/proc/{pid}/fd").Count(fd => !(Link(fd)?.EndsWith(".dll", StringComparison.Ordinal) ?? false));

    private static string? Link(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed meanwhile
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string? text) => text is null ? "" : text.Length > 4000 ? text[^4000..] : text;
}
