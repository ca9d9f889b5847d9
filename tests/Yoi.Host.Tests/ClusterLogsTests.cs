using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Newtonsoft.Json.Linq;
using Yoi.Host.Cluster;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary><c>logs NODE/POD</c> (and <c>-f</c>) routed to the owning node: two <c>run --cluster</c> processes on
/// loopback; node c manages a test pod (tests/Yoi.TestPod) whose output it captures, node a asks for its logs.</summary>
public sealed class ClusterLogsTests : IAsyncLifetime
{
    private static readonly TimeSpan FormCeiling = TimeSpan.FromSeconds(90);

    private readonly TempRuntimeDir _work = new();
    private readonly TempRuntimeDir _runA = new();
    private readonly TempRuntimeDir _runC = new();
    private CliProcess? _a;
    private CliProcess? _c;

    private string LogDir => _work.File("logs");

    public async Task InitializeAsync()
    {
        var certs = _work.File("certs");
        ClusterCertificates.Write(certs, ["a", "c"], ["127.0.0.1"], password: "test");
        var seed = FreePort();
        var a = WriteConfig("a", seed, seed, certs, managed: null);
        var c = WriteConfig("c", FreePort(), seed, certs, managed: new JObject
        {
            ["defaults"] = new JObject { ["log_dir"] = LogDir, ["backoff_initial_ms"] = 100, ["stop_grace_ms"] = 5000, ["ready_timeout_ms"] = 30000 },
            ["pods"] = new JObject { ["alpha"] = new JObject { ["command"] = new JArray(TestPodExe, "--name", "{name}", "--log-lines", "5") } },
        });
        _a = Start(a, _runA);
        _c = Start(c, _runC);
        foreach (var node in new[] { _a, _c })
        {
            await Eventually.Until(() => node.Stderr.Contains("supervising", StringComparison.Ordinal) || node.HasExited, Cli.Ceiling, "the daemon to start");
            Assert.False(node.HasExited, node.Stderr);
        }
    }

    public async Task DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_c is not null) await _c.DisposeAsync();
        _runA.Dispose();
        _runC.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task Logs_of_another_nodes_managed_pod_come_from_that_node_and_follow_it()
    {
        // a sees c's managed pod running.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var status = await Cli.RunAsync("status", "--cluster", "--json", "--runtime-dir", _runA.Path);
            Assert.True(status.ExitCode == 0, status.ToString());
            var row = ((JArray)JObject.Parse(status.Stdout)["pods"]!).FirstOrDefault(p => (string?)p["node"] == "c" && (string?)p["name"] == "alpha");
            if ((string?)row?["managed"]?["state"] == "running")
                break;
            Assert.True(deadline.Elapsed < FormCeiling, $"c/alpha not running in a's cluster view within {FormCeiling}\n{status.Stdout}\n--- c\n{_c!.Stderr}");
            await Task.Delay(250);
        }

        // The last lines, read by c from its capture of alpha's stdout (and stderr).
        await Eventually.Until(() => File.Exists(Path.Combine(LogDir, "alpha.out.log")) && File.ReadAllText(Path.Combine(LogDir, "alpha.out.log")).Contains("out 5 ", StringComparison.Ordinal), Cli.Ceiling, "alpha's five lines in c's log");
        var logs = await Cli.RunAsync("logs", "c/alpha", "-n", "2", "--runtime-dir", _runA.Path);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal(["out 4", "out 5"], logs.Stdout.TrimEnd('\n').Split('\n').Select(l => string.Join(' ', l.Split(' ').Take(2))));
        var err = await Cli.RunAsync("logs", "c/alpha", "--stderr", "-n", "1", "--runtime-dir", _runA.Path);
        Assert.True(err.ExitCode == 0, err.ToString());
        Assert.StartsWith("err 5 ", err.Stdout, StringComparison.Ordinal);

        // c validates as locally: a pod it does not manage.
        var unknown = await Cli.RunAsync("logs", "c/nobody", "--runtime-dir", _runA.Path);
        Assert.True(unknown.ExitCode == ExitCodes.PodUnavailable, unknown.ToString());
        Assert.Contains("nobody", unknown.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("c/nobody", unknown.Stderr, StringComparison.Ordinal);

        // -f: what lands in c's file afterwards reaches a's client, in order; Ctrl-C ends it with exit 0.
        await using var follow = CliProcess.Start("logs", "c/alpha", "-f", "-n", "1", "--runtime-dir", _runA.Path);
        await follow.WaitForStdoutAsync(o => o.Contains("out 5 ", StringComparison.Ordinal), what: "the last line");
        await File.AppendAllTextAsync(Path.Combine(LogDir, "alpha.out.log"), "appended one\nappended two\n");
        var followed = await follow.WaitForStdoutAsync(o => o.Contains("appended two\n", StringComparison.Ordinal), what: "the appended lines");
        Assert.True(followed.IndexOf("appended one", StringComparison.Ordinal) < followed.IndexOf("appended two", StringComparison.Ordinal), followed);
        Assert.DoesNotContain("out 4 ", followed, StringComparison.Ordinal);
        follow.Signal(Native.SigInt);
        var ended = await follow.WaitAsync(Cli.Ceiling);
        Assert.True(ended.ExitCode == 0, ended.ToString());

        // A follow whose node goes away ends, saying so: c stops (SIGTERM, a graceful leave).
        await using var orphan = CliProcess.Start("logs", "c/alpha", "-f", "-n", "1", "--runtime-dir", _runA.Path);
        await orphan.WaitForStdoutAsync(o => o.Contains("appended two", StringComparison.Ordinal), what: "the follow to begin");
        _c!.Signal(Native.SigTerm);
        var orphaned = await orphan.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(orphaned.ExitCode == ExitCodes.SupervisorUnavailable, orphaned.ToString());
        Assert.Contains("the log stream of pod c/alpha ended", orphaned.Stderr, StringComparison.Ordinal);
    }

    private static string TestPodExe => TestPodBinary.Path;

    private CliProcess Start(string config, TempRuntimeDir run) =>
        CliProcess.Start(null, new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = _work.File("no-config-home"), ["XDG_STATE_HOME"] = _work.File("state") },
            "run", "--cluster", "--config", config, "--runtime-dir", run.Path, "--period-ms", "300", "--timeout-ms", "1000");

    private string WriteConfig(string name, int port, int seed, string certs, JObject? managed)
    {
        var path = _work.File(name + ".json");
        var config = new JObject
        {
            ["cluster"] = new JObject
            {
                ["node_name"] = name,
                ["hostname"] = "127.0.0.1",
                ["port"] = port,
                ["seed_nodes"] = new JArray($"127.0.0.1:{seed}"),
                ["certificate_path"] = Path.Combine(certs, name + ".pfx"),
                ["certificate_password"] = "test",
                ["ca_certificate_path"] = Path.Combine(certs, "ca.crt"),
                ["stable_after_ms"] = 5000,
                ["heartbeat_pause_ms"] = 5000,
            },
        };
        if (managed is not null)
            config["managed"] = managed;
        File.WriteAllText(path, config.ToString());
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
