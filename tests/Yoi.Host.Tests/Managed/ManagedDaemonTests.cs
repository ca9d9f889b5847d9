using Newtonsoft.Json.Linq;
using Yoi.Host.Control.Client;
using Yoi.Host.Output;
using Yoi.Testing;

namespace Yoi.Host.Tests.Managed;

/// <summary>Managed pods end to end: a real <c>run</c> with a configuration file, its pods real processes
/// (tests/Yoi.TestPod), driven by the CLI and by raw control clients.</summary>
public sealed class ManagedDaemonTests : IAsyncLifetime
{
    private readonly TempRuntimeDir _dir = new();
    private CliProcess? _daemon;

    private string Config => _dir.File("config.json");

    private string LogDir => _dir.File("logs");

    private Dictionary<string, string> Env => ManagedCliRefusalTests.Isolated(_dir);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
        _dir.Dispose();
    }

    private static string TestPodExe => TestPodBinary.Path;

    /// <summary>A configuration of test pods (name → extra flags), quick backoff, short grace.</summary>
    private string Configuration(params (string Name, string[] Flags)[] pods)
    {
        var podsObject = new JObject();
        foreach (var (name, flags) in pods)
        {
            // A name starting "broken" runs a command that does not exist.
            podsObject[name] = new JObject { ["command"] = name.StartsWith("broken", StringComparison.Ordinal)
                ? new JArray("/nonexistent/yoi-test-pod")
                : new JArray(new[] { TestPodExe, "--name", "{name}" }.Concat(flags)) };
        }
        return new JObject
        {
            ["managed"] = new JObject
            {
                ["defaults"] = new JObject
                {
                    ["log_dir"] = LogDir,
                    ["backoff_initial_ms"] = 100,
                    ["backoff_max_ms"] = 1000,
                    ["stop_grace_ms"] = 5000,
                    ["ready_timeout_ms"] = 30000,
                },
                ["pods"] = podsObject,
            },
        }.ToString();
    }

    private async Task StartDaemonAsync(string configuration)
    {
        await File.WriteAllTextAsync(Config, configuration);
        _daemon = CliProcess.Start(null, Env, "run", "--runtime-dir", _dir.Path, "--config", Config, "--period-ms", "300", "--timeout-ms", "2000");
        await Eventually.Until(() => _daemon.Stderr.Contains("supervising", StringComparison.Ordinal) || _daemon.HasExited, Tests.Cli.Ceiling, "the daemon to start");
        Assert.False(_daemon.HasExited, _daemon.Stderr);
    }

    private Task<CliResult> Cli(params string[] args) => RunAsync([.. args, "--runtime-dir", _dir.Path]);

    private async Task<CliResult> RunAsync(string[] args)
    {
        await using var process = CliProcess.Start(null, Env, args);
        return await process.WaitAsync(Tests.Cli.Ceiling);
    }

    private async Task<FleetReport> FleetAsync()
    {
        using var client = ControlClient.TryConnect(_dir.ControlSocket) ?? throw new InvalidOperationException("no daemon");
        using var cts = new CancellationTokenSource(Tests.Cli.Ceiling);
        return await client.FleetAsync(cts.Token);
    }

    private async Task<ManagedReport> WaitForStateAsync(string pod, string state, Func<ManagedReport, bool>? also = null)
    {
        ManagedReport? last = null;
        await UntilAsync(async () =>
        {
            last = (await FleetAsync()).Pods.FirstOrDefault(p => p.Name == pod)?.Managed;
            return last?.State == state && (also?.Invoke(last) ?? true);
        }, TimeSpan.FromSeconds(90), $"{pod} to be {state}");
        return last!;
    }

    /// <summary>Polls an asynchronous condition until it holds, or fails after <paramref name="within"/>.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out after {within.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');

    [Fact]
    public async Task Start_stop_restart_logs_and_status_through_the_daemon_then_sigterm_stops_every_pod()
    {
        await StartDaemonAsync(Configuration(("alpha", ["--log-lines", "30"]), ("beta", []), ("broken", [])));
        var alpha = await WaitForStateAsync("alpha", "running");
        var beta = await WaitForStateAsync("beta", "running");
        Assert.NotNull(alpha.Pid);
        // A command that cannot run never registers: its row is fatal with the OS error, no restart loop.
        var broken = await WaitForStateAsync("broken", "fatal");
        Assert.Contains("/nonexistent/yoi-test-pod", broken.Reason, StringComparison.Ordinal);
        Assert.Equal(0, broken.Restarts);

        // status --json: the managed object on the managed rows.
        var json = await Cli("status", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var row = ((JArray)JObject.Parse(json.Stdout)["pods"]!).Single(p => (string?)p["name"] == "alpha");
        Assert.Equal("running", (string?)row["managed"]!["state"]);
        Assert.Equal(alpha.Pid, (int?)row["managed"]!["pid"]);
        Assert.Equal(0, (int?)row["managed"]!["restarts"]);
        Assert.True((double?)row["managed"]!["uptime_s"] >= 0);
        var table = await Cli("status");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("PROCESS", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 managed (2 running)", table.Stdout, StringComparison.Ordinal);
        var brokenRow = ((JArray)JObject.Parse(json.Stdout)["pods"]!).Single(p => (string?)p["name"] == "broken");
        Assert.Equal("fatal", (string?)brokenRow["managed"]!["state"]);

        // logs -n: the last lines of the captured streams.
        var logs = await Cli("logs", "alpha", "-n", "3");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal(["out 28", "out 29", "out 30"], logs.Stdout.TrimEnd('\n').Split('\n').Select(l => string.Join(' ', l.Split(' ').Take(2))));
        var err = await Cli("logs", "alpha", "--stderr", "-n", "1");
        Assert.StartsWith("err 30 ", err.Stdout, StringComparison.Ordinal);

        // stop: answered once reaped; start; restart gives a new process.
        var stop = await Cli("stop", "alpha");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.StartsWith("alpha: stopped", stop.Stdout, StringComparison.Ordinal);
        Assert.False(Alive(alpha.Pid!.Value), "the stopped pod's process is gone");
        Assert.Equal("stopped", (await FleetAsync()).Pods.Single(p => p.Name == "alpha").Managed!.State);

        var start = await Cli("start", "alpha", "--json");
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("\"event\":\"done\"", start.Stdout, StringComparison.Ordinal);
        alpha = await WaitForStateAsync("alpha", "running");

        var restart = await Cli("restart", "alpha");
        Assert.True(restart.ExitCode == 0, restart.ToString());
        var restarted = await WaitForStateAsync("alpha", "running", m => m.Pid != alpha.Pid);
        Assert.False(Alive(alpha.Pid!.Value), "the restarted pod's old process is gone");

        // Names it does not manage.
        var unknown = await Cli("restart", "nobody");
        Assert.True(unknown.ExitCode == 5, unknown.ToString());
        Assert.Contains("unknown pod nobody", unknown.Stderr, StringComparison.Ordinal);

        // SIGTERM: every managed pod is stopped, exit 0.
        _daemon!.Signal(Native.SigTerm);
        var ended = await _daemon.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(ended.ExitCode == 0, ended.ToString());
        Assert.False(Alive(restarted.Pid!.Value), "alpha outlived the supervisor");
        Assert.False(Alive(beta.Pid!.Value), "beta outlived the supervisor");
    }

    [Fact]
    public async Task Logs_follow_streams_appended_lines_and_rereads_a_truncated_file()
    {
        await StartDaemonAsync(Configuration(("alpha", ["--log-lines", "5"])));
        await WaitForStateAsync("alpha", "running");
        var log = Path.Combine(LogDir, "alpha.out.log");

        await using var follow = CliProcess.Start(null, Env, "logs", "alpha", "-f", "-n", "2", "--runtime-dir", _dir.Path);
        await follow.WaitForStdoutAsync(o => o.Contains("out 5 ", StringComparison.Ordinal), what: "the last lines");
        Assert.DoesNotContain("out 3 ", follow.Stdout, StringComparison.Ordinal);

        // The file is the pod's stdout: what lands in it is followed.
        await File.AppendAllTextAsync(log, "appended one\nappended two\n");
        await follow.WaitForStdoutAsync(o => o.Contains("appended two\n", StringComparison.Ordinal), what: "appended lines");

        // copytruncate: the file shrinks, then grows again from its start.
        await using (var truncate = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            truncate.SetLength(0);
        await Task.Delay(LogStreamPoll * 3); // the follower sees the shrink before the next write (not a synchronisation: the assertion below waits)
        await File.AppendAllTextAsync(log, "after truncation\n");
        await follow.WaitForStdoutAsync(o => o.Contains("after truncation\n", StringComparison.Ordinal), what: "the line after truncation");

        follow.Signal(Native.SigInt);
        var result = await follow.WaitAsync(Tests.Cli.Ceiling);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static readonly TimeSpan LogStreamPoll = Yoi.Host.Control.Requests.LogStreamActor.PollInterval;

    [Fact]
    public async Task Subscribers_see_process_state_changes_and_reload_adds_removes_and_keeps_a_bad_file_out()
    {
        await StartDaemonAsync(Configuration(("alpha", [])));
        await WaitForStateAsync("alpha", "running");

        using var subscriber = new RawControlClient(_dir.ControlSocket);
        await subscriber.SendAsync("""{"method":"subscribe","id":"s"}""");
        await subscriber.ReadUntilAsync("fleet");

        // A reload that adds beta and removes alpha.
        await File.WriteAllTextAsync(Config, Configuration(("beta", [])));
        var reload = await Cli("reload");
        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Contains("added beta; removed alpha; changed none; 0 unchanged", reload.Stdout, StringComparison.Ordinal);
        await WaitForStateAsync("beta", "running");
        await UntilAsync(async () => (await FleetAsync()).Pods.All(p => p.Name != "alpha" || p.Managed is null), TimeSpan.FromSeconds(60), "alpha to be gone");

        // Its process_state changes: alpha stopping → stopped, beta → starting → running.
        var seen = new List<(string Pod, string? From, string To)>();
        await UntilAsync(async () =>
        {
            var change = await subscriber.ReadUntilAsync("change");
            if ((string?)change["data"]!["kind"] == "process_state")
                seen.Add(((string)change["data"]!["pod"]!, (string?)change["data"]!["from"], (string)change["data"]!["to"]!));
            return seen.Contains(("alpha", "stopping", "stopped")) && seen.Any(s => s is { Pod: "beta", To: "running" });
        }, TimeSpan.FromSeconds(60), "the process_state changes");
        Assert.Contains(seen, s => s is { Pod: "beta", To: "starting" });

        // A bad file keeps the running configuration and says why.
        await File.WriteAllTextAsync(Config, """{"managed": {"pods": {"beta": {"command": ["x"], "restart": "sometimes"}}}}""");
        var bad = await Cli("reload");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("running configuration is kept", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("managed.pods.beta.restart", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal("running", (await FleetAsync()).Pods.Single(p => p.Name == "beta" && p.Managed is not null).Managed!.State);

        // SIGHUP reloads too: the file adds gamma.
        await File.WriteAllTextAsync(Config, Configuration(("beta", []), ("gamma", [])));
        _daemon!.Signal(Native.SigHup);
        await WaitForStateAsync("gamma", "running");
        await Eventually.Until(() => _daemon.Stderr.Contains("reloaded " + Config, StringComparison.Ordinal) || _daemon.HasExited, Tests.Cli.Ceiling, "the reload to be logged");
        Assert.True(_daemon.Stderr.Contains("reloaded " + Config, StringComparison.Ordinal), _daemon.Stderr);
        Assert.Contains("SIGHUP: reloading the configuration", _daemon.Stderr, StringComparison.Ordinal);
        Assert.Contains("reload refused, the running configuration is kept", _daemon.Stderr, StringComparison.Ordinal);
    }
}
