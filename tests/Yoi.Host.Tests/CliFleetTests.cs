using Newtonsoft.Json.Linq;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>The CLI end to end (no daemon: it supervises in-process) against a simulated fleet in a temp runtime dir.</summary>
public sealed class CliFleetTests : IAsyncLifetime
{
    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync()
    {
        _fleet = await SimulatedFleetFixture.StartAsync(
        [
            new PodSpec("ok-1", PodMode.Normal),
            new PodSpec("ok-2", PodMode.Normal),
            new PodSpec("quiet", PodMode.Silent),
            new PodSpec("hangup", PodMode.CloseAtOnce),
            new PodSpec("nobody", PodMode.Refused),
            new PodSpec("gone", PodMode.Missing),
            new PodSpec("dead", PodMode.Stale),
            new PodSpec("junk", PodMode.Garbage),
            new PodSpec("future", PodMode.UnknownVariants),
        ]);
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
    }

    [Fact]
    public async Task Status_json_classifies_every_pod()
    {
        var result = await Cli.RunAsync("status", "--json", "--timeout-ms", "1000", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var json = JObject.Parse(lines[0]);

        Assert.Equal(["at", "pods", "supervisor"], json.Properties().Select(p => p.Name));
        Assert.Equal(["open_fds", "open_connections"], ((JObject)json["supervisor"]!).Properties().Select(p => p.Name));
        Assert.True((int)json["supervisor"]!["open_fds"]! > 0);
        Assert.True(DateTimeOffset.TryParse((string?)json["at"], out _));

        var pods = ((JArray)json["pods"]!).Cast<JObject>().ToDictionary(p => (string)p["name"]!);
        foreach (var pod in pods.Values)
        {
            Assert.Equal(["name", "socket", "pid", "outcome", "reachable", "status", "latency_ms", "detail", "dialect"], pod.Properties().Select(p => p.Name));
        }

        AssertPod(pods["ok-1"], "ok", true, "idle");
        AssertPod(pods["ok-2"], "ok", true, "idle");
        AssertPod(pods["future"], "ok", true, "idle");
        AssertPod(pods["quiet"], "no-status", true, null);
        AssertPod(pods["hangup"], "closed", true, null);
        AssertPod(pods["nobody"], "refused", false, null);
        AssertPod(pods["gone"], "missing", false, null);
        AssertPod(pods["dead"], "stale", false, null);
        AssertPod(pods["junk"], "protocol-error", false, null);
        Assert.Equal(_fleet["ok-1"].SocketPath, (string)pods["ok-1"]["socket"]!);
        Assert.Equal(Environment.ProcessId, (int)pods["ok-1"]["pid"]!);
        Assert.Equal(JTokenType.Null, pods["dead"]["latency_ms"]!.Type);
        Assert.True((double)pods["ok-1"]["latency_ms"]! >= 0);
    }

    [Fact]
    public async Task Status_for_one_pod_and_for_an_unknown_pod()
    {
        var one = await Cli.RunAsync("status", "--json", "--pod", "ok-2", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(one.ExitCode == 0, one.ToString());
        var pods = (JArray)JObject.Parse(one.Stdout)["pods"]!;
        Assert.Equal("ok-2", (string)pods.Single()["name"]!);

        var unknown = await Cli.RunAsync("status", "--pod", "nope", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(unknown.ExitCode == 5, unknown.ToString());
        UsageTests.AssertOneLineError(unknown);
    }

    [Fact]
    public async Task Status_table_for_people()
    {
        var result = await Cli.RunAsync("status", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ok-1", result.Stdout);
        Assert.Contains("no-status", result.Stdout);
        Assert.Contains("9 pods", result.Stdout);
        Assert.DoesNotContain("\u001b[", result.Stdout); // no colours when not a terminal
    }

    [Fact]
    public async Task Send_run_follow_receives_the_whole_turn()
    {
        var result = await Cli.RunAsync("send", "ok-1", "run", "hello", "there", "--follow", "--json", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        var events = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        var names = events.Select(e => (string)e["event"]!).ToList();
        Assert.Equal("run_end", names[^1]);
        Assert.Contains("snapshot", names);
        Assert.Contains("turn_start", names);
        Assert.Contains("text_delta", names);
        Assert.Contains("turn_end", names);
        var userMessage = events.First(e => (string)e["event"]! == "user_message");
        Assert.Equal("hello there", (string)userMessage["data"]!["segments"]![0]!["content"]!);
        Assert.Contains(_fleet["ok-1"].ReceivedMethods, m => m.Contains("\"hello there\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_run_follow_for_people_streams_the_reply()
    {
        var result = await Cli.RunAsync("send", "ok-2", "run", "hi", "--follow", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Simulated reply from ok-2.", result.Stdout);
        Assert.Contains("run ended: finished", result.Stdout);
    }

    [Fact]
    public async Task Send_raw_goes_on_the_wire_canonically_as_one_line()
    {
        var result = await Cli.RunAsync("send", "ok-2", "--raw", "{ \"params\": {\"message\": \"ping\"}, \"method\": \"notify\" }", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        await Eventually.Until(() => _fleet["ok-2"].ReceivedMethods.Contains("{\"method\":\"notify\",\"params\":{\"message\":\"ping\"}}"),
            Cli.Ceiling, "the canonical notify line at the pod");
    }

    [Fact]
    public async Task Send_to_an_unknown_pod_exits_5()
    {
        var result = await Cli.RunAsync("send", "nope", "cancel", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 5, result.ToString());
        UsageTests.AssertOneLineError(result);
    }

    [Fact]
    public async Task Send_follow_exits_6_when_the_pod_answers_error()
    {
        // Not running: cancel gets error not_running.
        var result = await Cli.RunAsync("send", "ok-2", "cancel", "--follow", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Contains("not_running", result.Stderr);
    }

    [Fact]
    public async Task Watch_json_prints_unknown_variants_raw()
    {
        await using var watch = CliProcess.Start("watch", "future", "--json", "--runtime-dir", _fleet.RuntimeDir);
        var output = await watch.WaitForStdoutAsync(o => o.Contains("\"event\":\"snapshot\"", StringComparison.Ordinal), what: "the snapshot");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => JObject.Parse(l));
        // The unknown event and the unknown segment kind, byte for byte as the pod sent them, before the snapshot.
        Assert.Equal("{\"event\":\"future_event\",\"data\":{\"x\":1}}", lines[0]);
        Assert.Equal("{\"event\":\"user_message\",\"data\":{\"segments\":[{\"kind\":\"hologram\",\"uri\":\"holo://1\"}]}}", lines[1]);
        var names = lines.Select(l => (string)JObject.Parse(l)["event"]!).ToList();

        // SIGTERM, not SIGINT: a test run started in the background (as CI may be) inherits SIGINT as ignored, and a
        // process cannot receive a signal it was started ignoring. Both go through the same handler.
        watch.Signal(Native.SigTerm);
        var result = await watch.WaitAsync(Cli.Ceiling);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("snapshot", names);
    }

    [Fact]
    public async Task Watch_ends_with_a_message_when_the_pod_goes_away()
    {
        await using var watch = CliProcess.Start("watch", "ok-1", "--runtime-dir", _fleet.RuntimeDir);
        await watch.WaitForStdoutAsync(o => o.Contains("snapshot", StringComparison.Ordinal), what: "the snapshot");
        await _fleet["ok-1"].DisposeAsync();
        var result = await watch.WaitAsync(Cli.Ceiling);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("went away", result.Stdout);
    }

    [Fact]
    public async Task Watch_an_unknown_pod_exits_5()
    {
        var result = await Cli.RunAsync("watch", "nope", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 5, result.ToString());
        UsageTests.AssertOneLineError(result);
    }

    [Theory]
    [InlineData("nobody")] // nothing listens on its socket
    [InlineData("gone")] // its socket file is missing
    public async Task Watch_an_unreachable_pod_exits_5(string pod)
    {
        var result = await Cli.RunAsync("watch", pod, "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 5, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains($"cannot attach to pod {pod}", result.Stderr);
    }

    private static void AssertPod(JObject pod, string outcome, bool reachable, string? status)
    {
        Assert.Equal(outcome, (string?)pod["outcome"]);
        Assert.Equal(reachable, (bool)pod["reachable"]!);
        Assert.Equal(status, (string?)pod["status"]);
    }
}
