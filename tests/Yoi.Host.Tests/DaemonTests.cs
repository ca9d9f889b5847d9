using Newtonsoft.Json.Linq;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary><c>run</c> as a child process, queried through its control socket by the CLI and by a raw client.</summary>
public sealed class DaemonTests : IAsyncLifetime
{
    private SimulatedFleetFixture _fleet = null!;
    private CliProcess _daemon = null!;

    public async Task InitializeAsync()
    {
        _fleet = await SimulatedFleetFixture.StartAsync(
        [
            new PodSpec("alpha", PodMode.Normal),
            new PodSpec("beta", PodMode.Normal),
            new PodSpec("quiet", PodMode.Silent),
            new PodSpec("gushing", PodMode.Flood),
            new PodSpec("nobody", PodMode.Refused),
        ]);
        _daemon = CliProcess.Start("run", "--runtime-dir", _fleet.RuntimeDir, "--period-ms", "300", "--timeout-ms", "1000");
        await WaitUntilServing(_daemon);
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        await _fleet.DisposeAsync();
    }

    [Fact]
    public async Task The_control_socket_is_private()
    {
        var mode = File.GetUnixFileMode(_fleet.ControlSocket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Status_goes_through_the_daemon()
    {
        var table = await Cli.RunAsync("status", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains($"daemon pid {_daemon.Pid}", table.Stdout);

        var json = await Cli.RunAsync("status", "--json", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(json.ExitCode == 0, json.ToString());
        var pods = ((JArray)JObject.Parse(json.Stdout)["pods"]!).ToDictionary(p => (string)p["name"]!);
        Assert.Equal("ok", (string?)pods["alpha"]["outcome"]);
        Assert.Equal("no-status", (string?)pods["quiet"]["outcome"]);
    }

    [Fact]
    public async Task Send_follow_goes_through_the_daemon()
    {
        var result = await Cli.RunAsync("send", "beta", "run", "through the daemon", "--follow", "--json", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("\"event\":\"run_end\",\"data\":{\"result\":\"finished\"}}", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task Watch_of_an_unreachable_pod_exits_5_with_the_cause()
    {
        var result = await Cli.RunAsync("watch", "nobody", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(result.ExitCode == 5, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains("cannot attach to pod nobody", result.Stderr);
        Assert.DoesNotContain("attached to", result.Stdout);
    }

    [Fact]
    public async Task The_typed_client_probes_watches_and_names_its_errors()
    {
        using var cts = new CancellationTokenSource(Cli.Ceiling);
        using var client = Yoi.Host.Control.Client.ControlClient.TryConnect(_fleet.ControlSocket)!;
        Assert.NotNull(client);

        var probe = await client.ProbeAsync("alpha", cts.Token);
        Assert.Equal("ok", probe.Pods.Single().Outcome);
        Assert.Equal(_daemon.Pid, probe.Supervisor.Pid);

        var unknown = await Assert.ThrowsAsync<Yoi.Host.Control.Client.ControlException>(() => client.ProbeAsync("no-such-pod", cts.Token));
        Assert.Equal("unknown_pod", unknown.Code);

        // The connection stays usable: a stream, read until the pod's first event.
        var first = new List<Yoi.Host.Control.Wire.ControlEvent>();
        await foreach (var e in client.WatchAsync("beta", cts.Token))
        {
            first.Add(e);
            if (e is Yoi.Host.Control.Wire.PodLineEvent) break;
        }

        Assert.IsType<Yoi.Host.Control.Wire.AttachedEvent>(first[0]);
        // The stream left early still holds that connection.
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.FleetAsync(cts.Token));
        var line = (Yoi.Host.Control.Wire.PodLineEvent)first[^1];
        Assert.Equal("beta", line.Pod);
        Assert.StartsWith("{\"event\":\"" + line.Event + "\"", line.Line, StringComparison.Ordinal);

        using var other = Yoi.Host.Control.Client.ControlClient.TryConnect(_fleet.ControlSocket)!;
        var refused = await Assert.ThrowsAsync<Yoi.Host.Control.Client.ControlException>(async () =>
        {
            await foreach (var _ in other.WatchAsync("nobody", cts.Token))
            {
            }
        });
        Assert.Equal("attach_failed", refused.Code);
        // A refused stream never started: the connection serves the next request.
        Assert.Contains((await other.FleetAsync(cts.Token)).Pods, p => p.Name == "nobody");
    }

    [Fact]
    public async Task A_half_closed_client_gets_its_whole_stream()
    {
        using var client = new RawControlClient(_fleet.ControlSocket);
        await client.SendAsync("{\"method\":\"fleet\",\"id\":1}");
        await client.SendAsync("{\"method\":\"send\",\"params\":{\"pod\":\"alpha\",\"request\":{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"text\",\"content\":\"half\"}]}},\"follow\":true},\"id\":2}");
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send); // as `printf … | socat` does

        var fleet = await client.ReadAsync();
        Assert.Equal("fleet", (string?)fleet!["event"]);
        Assert.Equal(1, (int)fleet["id"]!);
        var names = new List<string>();
        while (await client.ReadAsync() is { } line)
        {
            Assert.Equal(2, (int)line["id"]!);
            var name = (string)line["event"]!;
            names.Add(name == "pod_event" ? (string)line["data"]!["event"]! : name);
            if (names[^1] == "run_end") break;
        }

        Assert.Equal("attached", names[0]);
        Assert.Contains("sent", names);
        Assert.Contains("text_delta", names);
        Assert.Equal("run_end", names[^1]);
    }

    [Fact]
    public async Task A_second_daemon_refuses_clearly()
    {
        var second = await Cli.RunAsync("run", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(second.ExitCode == 4, second.ToString());
        Assert.Contains("another supervisor is already running", second.Stderr);
        Assert.True(File.Exists(_fleet.ControlSocket));
    }

    [Fact]
    public async Task Raw_client_malformed_requests_get_errors_and_the_connection_stays_usable()
    {
        using var client = new RawControlClient(_fleet.ControlSocket);
        foreach (var bad in new[] { "this is not json", "[1,2]", "{\"method\":\"launch\"}", "{\"params\":{}}", "{\"method\":\"watch\"}",
                     "{\"method\":\"send\",\"params\":{\"pod\":\"alpha\",\"request\":{\"method\":\"nope\"}}}" })
        {
            await client.SendAsync(bad);
            var reply = await client.ReadAsync();
            Assert.NotNull(reply);
            Assert.Equal("error", (string?)reply!["event"]);
            Assert.Equal("invalid_request", (string?)reply["data"]!["code"]);
        }

        await client.SendAsync("{\"method\":\"fleet\",\"id\":7}");
        var fleet = await client.ReadAsync();
        Assert.Equal("fleet", (string?)fleet!["event"]);
        Assert.Equal(7, (int)fleet["id"]!);
        Assert.Contains(((JArray)fleet["data"]!["pods"]!), p => (string?)p["name"] == "alpha");

        await client.SendAsync("{\"method\":\"probe\",\"params\":{\"pod\":\"alpha\"}}");
        var probe = await client.ReadAsync();
        Assert.Equal("ok", (string?)probe!["data"]!["pods"]![0]!["outcome"]);
    }

    [Fact]
    public async Task Raw_client_subscribes_to_cycles()
    {
        using var client = new RawControlClient(_fleet.ControlSocket);
        await client.SendAsync("{\"method\":\"subscribe\"}");
        Assert.Equal("fleet", (string?)(await client.ReadAsync())!["event"]);
        var first = await client.ReadUntilAsync("cycle");
        var second = await client.ReadUntilAsync("cycle");
        Assert.True((long)second["data"]!["supervisor"]!["cycles"]! > (long)first["data"]!["supervisor"]!["cycles"]!);
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_stream_costs_nothing()
    {
        var flood = _fleet["gushing"];
        var openBefore = flood.Open;
        for (var i = 0; i < 3; i++)
        {
            using var client = new RawControlClient(_fleet.ControlSocket);
            await client.SendAsync("{\"method\":\"watch\",\"params\":{\"pod\":\"gushing\"}}");
            await client.ReadUntilAsync("attached");
            await client.ReadUntilAsync("pod_event");
            // gone without a word, mid-flood
        }

        // Every watch session's pod connection is closed again (probes may come and go meanwhile).
        await Eventually.Until(() => flood.Open <= openBefore, Cli.Ceiling, "the flood pod's watch connections to close");

        // The daemon's own count comes back down too. A poll cycle's probes are connections while in flight (on a
        // loaded machine a cycle can be mid-way at any read), so the count is awaited, not read once.
        using var after = new RawControlClient(_fleet.ControlSocket);
        var deadline = DateTime.UtcNow + Cli.Ceiling;
        while (true)
        {
            await after.SendAsync("{\"method\":\"fleet\"}");
            var open = (int)(await after.ReadUntilAsync("fleet"))["data"]!["supervisor"]!["open_connections"]!;
            if (open <= 4)
                break;
            Assert.True(DateTime.UtcNow < deadline, $"the daemon's open connections did not come back to at most 4 within {Cli.Ceiling} (last: {open})");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Sigterm_exits_0_removes_the_socket_and_closes_every_pod_connection()
    {
        using (var watcher = new RawControlClient(_fleet.ControlSocket))
        {
            await watcher.SendAsync("{\"method\":\"watch\",\"params\":{\"pod\":\"alpha\"}}");
            await watcher.ReadUntilAsync("attached");
            await Eventually.Until(() => _fleet["alpha"].Open >= 1, Cli.Ceiling, "alpha to see the watch connection");

            _daemon.Signal(Native.SigTerm);
            var result = await _daemon.WaitAsync(Cli.Ceiling);
            Assert.True(result.ExitCode == 0, result.ToString());

            // The control connection is closed from the daemon's side.
            while (await watcher.ReadAsync() is not null)
            {
            }
        }

        Assert.False(File.Exists(_fleet.ControlSocket), "supervisor.sock removed");
        foreach (var pod in _fleet.Pods)
        {
            await Eventually.Until(() => pod.Open == 0, Cli.Ceiling, $"{pod.Name} to see every connection closed");
        }
    }

    [Fact]
    public async Task A_stale_control_socket_is_taken_over()
    {
        _daemon.Signal(9); // SIGKILL: the socket file stays behind
        await _daemon.WaitAsync(Cli.Ceiling);
        Assert.True(File.Exists(_fleet.ControlSocket));

        await using var next = CliProcess.Start("run", "--runtime-dir", _fleet.RuntimeDir);
        await WaitUntilServing(next);
        Assert.False(next.HasExited, next.Stderr);
        next.Signal(Native.SigTerm);
        var result = await next.WaitAsync(Cli.Ceiling);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static async Task WaitUntilServing(CliProcess daemon)
    {
        await Eventually.Until(() => daemon.Stderr.Contains("supervising", StringComparison.Ordinal) || daemon.HasExited, Cli.Ceiling, "the daemon to start");
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    [Fact]
    public async Task A_cli_of_another_user_says_denied()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"))
            return; // needs root to act as another user

        File.SetUnixFileMode(_fleet.RuntimeDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(_fleet.ControlSocket, (UnixFileMode)0b110_110_110);
        var info = new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", Cli.Dll, "status", "--json", "--runtime-dir", _fleet.RuntimeDir })
            info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        info.Environment["HOME"] = Path.GetTempPath();
        using var cli = System.Diagnostics.Process.Start(info)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync().WaitAsync(Cli.Ceiling);
        var result = new CliResult(cli.ExitCode, await stdout, await stderr);

        Assert.True(result.ExitCode == 7, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains("denied", result.Stderr);
        Assert.DoesNotContain("pipe", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connections_from_another_user_are_refused_by_peer_credentials()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv") || !File.Exists("/usr/bin/perl"))
            return; // needs root to act as another user

        // Open the way (directory and socket file) so that only the SO_PEERCRED check stands between.
        File.SetUnixFileMode(_fleet.RuntimeDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(_fleet.ControlSocket, (UnixFileMode)0b110_110_110);

        const string script = "use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die \"connect: $!\\n\"; " +
                              "print $s qq({\"method\":\"fleet\"}\\n); my $l = <$s>; print defined $l ? $l : \"EOF\\n\";";
        var info = new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/perl", "-e", script, _fleet.ControlSocket })
            info.ArgumentList.Add(a);
        using var perl = System.Diagnostics.Process.Start(info)!;
        var output = await perl.StandardOutput.ReadToEndAsync();
        var error = await perl.StandardError.ReadToEndAsync();
        await perl.WaitForExitAsync();

        Assert.True(output.Contains("\"denied\"", StringComparison.Ordinal), $"stdout: {output}\nstderr: {error}");
        Assert.DoesNotContain("\"fleet\"", output);
        await Eventually.Until(() => _daemon.Stderr.Contains("refused a control connection from uid 65534", StringComparison.Ordinal),
            Cli.Ceiling, "the daemon to log the refusal");

        // The owner still gets in.
        using var owner = new RawControlClient(_fleet.ControlSocket);
        await owner.SendAsync("{\"method\":\"fleet\"}");
        Assert.Equal("fleet", (string?)(await owner.ReadAsync())!["event"]);
    }
}
