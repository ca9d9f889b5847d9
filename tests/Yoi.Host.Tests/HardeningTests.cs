using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>Issue 10: a daemon out of file descriptors stays alive and reachable; a pod that never reads cannot hang a
/// send; nothing but a socket at <c>supervisor.sock</c> is ever deleted.</summary>
public sealed class HardeningTests : IDisposable
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(20);
    private readonly TempRuntimeDir _dir = new();
    private readonly List<Socket> _sockets = [];

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Under_ulimit_256_a_thousand_connection_attempts_get_busy_beyond_the_cap_and_the_daemon_stays_reachable()
    {
        await using var daemon = CliProcess.Start(256, null, "run", "--runtime-dir", _dir.Path, "--period-ms", "60000");
        await WaitUntilServing(daemon);
        // A quarter of the limit: the cap the daemon sized from the limit it runs under (it cannot raise a hard limit).
        Assert.Contains("limits: 256 file descriptors, 64 control connections", daemon.Stderr);
        await AssertFleetAnswers();
        var baseline = await SettledFds(daemon.Pid);

        var replies = new List<Task<string>>();
        for (var i = 0; i < 1000; i++)
        {
            var socket = await ConnectAsync(Ceiling) ?? throw new Xunit.Sdk.XunitException($"connection {i} found the backlog full for {Ceiling}");
            replies.Add(ReadToEndAsync(socket));
        }

        // Each one past the cap is told busy, then closed; the 64 admitted stay open and are told nothing.
        await Eventually.Until(() => replies.Count(r => r.IsCompleted), n => n >= 1000 - 64, Ceiling, "the refused connections to be closed");
        var refused = replies.Where(r => r.IsCompleted).Select(r => r.Result).ToList();
        Assert.Equal(1000 - 64, refused.Count);
        Assert.All(refused, line =>
        {
            var reply = JObject.Parse(line);
            Assert.Equal("error", (string?)reply["event"]);
            Assert.Equal("busy", (string?)reply["data"]!["code"]);
            Assert.Contains("at most 64 control connections", (string?)reply["data"]!["message"]);
        });
        Assert.Equal(64, replies.Count(r => !r.IsCompleted));
        Assert.False(daemon.HasExited, daemon.Stderr);

        foreach (var socket in _sockets) socket.Dispose();
        _sockets.Clear();
        await Eventually.Until(() => ControlClientsGone(daemon.Pid, baseline), Ceiling, "the daemon's fds to return to their baseline");
        await AssertFleetAnswers();
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    [Fact]
    public async Task Out_of_descriptors_the_daemon_backs_off_logs_once_probes_say_so_and_it_resumes()
    {
        using var pod = Listen(_dir.File("p.sock"));
        WriteRegistry(("quiet", _dir.File("p.sock")));
        await using var daemon = CliProcess.Start(256, new Dictionary<string, string> { ["YOI_SUPERVISOR_MAX_CONTROL_CONNECTIONS"] = "100000" },
            "run", "--runtime-dir", _dir.Path, "--period-ms", "60000", "--timeout-ms", "300");
        await WaitUntilServing(daemon);
        using var held = new RawControlClient(_dir.ControlSocket);
        Assert.Equal("no-status", await ProbeOutcome(held, "quiet", 1));

        // Connect until the daemon has no descriptor left, and then some: those wait in its accept backlog.
        for (var i = 0; i < 400 && !daemon.Stderr.Contains("out of file descriptors", StringComparison.Ordinal); i++)
        {
            if (await ConnectAsync(TimeSpan.FromSeconds(2)) is null)
                break; // the backlog stays full
        }

        await Eventually.Until(() => daemon.Stderr.Contains("out of file descriptors", StringComparison.Ordinal) || daemon.HasExited, Ceiling, "the out-of-fds warning");
        Assert.False(daemon.HasExited, daemon.Stderr);
        var (outcome, detail) = await Probe(held, "quiet", 2);
        Assert.Equal("protocol-error", outcome);
        Assert.Equal("no file descriptor available", detail);

        // Backing off, not spinning: a second of it logs nothing more.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Occurrences(daemon.Stderr, "out of file descriptors"));

        foreach (var socket in _sockets) socket.Dispose();
        _sockets.Clear();
        await Eventually.Until(() => TryFleet(), Ceiling, "a new connection to be served");
        await Eventually.Until(() => daemon.Stderr.Contains("accepting control connections resumed", StringComparison.Ordinal), Ceiling,
            $"the resumed line in\n{daemon.Stderr}");
        Assert.Equal("no-status", await ProbeOutcome(held, "quiet", 3));
        Assert.Equal(1, Occurrences(daemon.Stderr, "out of file descriptors"));
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    [Fact]
    public async Task Out_of_descriptors_the_daemon_still_reads_the_registry_with_the_ones_it_held_back()
    {
        using var first = Listen(_dir.File("first.sock"));
        using var second = Listen(_dir.File("second.sock"));
        WriteRegistry(("first", _dir.File("first.sock")));
        await using var daemon = CliProcess.Start(256, new Dictionary<string, string> { ["YOI_SUPERVISOR_MAX_CONTROL_CONNECTIONS"] = "100000" },
            "run", "--runtime-dir", _dir.Path, "--period-ms", "60000", "--timeout-ms", "300");
        await WaitUntilServing(daemon);
        using var held = new RawControlClient(_dir.ControlSocket);
        Assert.Equal(["first"], (await ProbeAll(held, 1)).Pods);

        // Every descriptor of the daemon taken by waiting clients, so that any open(2) of its own fails with EMFILE.
        for (var i = 0; i < 400 && !daemon.Stderr.Contains("out of file descriptors", StringComparison.Ordinal); i++)
        {
            if (await ConnectAsync(TimeSpan.FromSeconds(2)) is null)
                break;
        }

        await Eventually.Until(() => daemon.Stderr.Contains("out of file descriptors", StringComparison.Ordinal) || daemon.HasExited, Ceiling, "the out-of-fds warning");
        Assert.False(daemon.HasExited, daemon.Stderr);

        // A new pod registered meanwhile: a probe of the whole fleet reads the registry again, and must see it.
        WriteRegistry(("first", _dir.File("first.sock")), ("second", _dir.File("second.sock")));
        var (pods, registryError) = await ProbeAll(held, 2);
        Assert.True(registryError is null, $"registry_error: {registryError}");
        Assert.Equal(["first", "second"], pods.Order(StringComparer.Ordinal));
        // Still out of descriptors (the read did not get its fd from clients that left): the probes say so.
        Assert.Equal("no file descriptor available", (await Probe(held, "second", 3)).Detail);
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    [Fact]
    public async Task A_method_to_a_pod_that_never_reads_fails_timeout_and_its_sockets_are_closed()
    {
        using var pod = Listen(_dir.File("deaf.sock"));
        var accepted = new List<Socket>();
        WriteRegistry(("deaf", _dir.File("deaf.sock")));
        await using var daemon = CliProcess.Start(null, new Dictionary<string, string> { ["YOI_SUPERVISOR_WRITE_TIMEOUT_MS"] = "1000" },
            "run", "--runtime-dir", _dir.Path, "--period-ms", "60000", "--timeout-ms", "300");
        await WaitUntilServing(daemon);
        using var client = new RawControlClient(_dir.ControlSocket);
        Assert.Equal("no-status", await ProbeOutcome(client, "deaf", 1));
        accepted.Add(await pod.AcceptAsync()); // the probe's, closed by now
        var baseline = Sockets(daemon.Pid);

        var text = new string('x', 400 * 1024);
        var started = DateTime.UtcNow;
        await client.SendAsync($"{{\"method\":\"send\",\"params\":{{\"pod\":\"deaf\",\"request\":{{\"method\":\"run\",\"params\":{{\"input\":[{{\"kind\":\"text\",\"content\":\"{text}\"}}]}}}}}},\"id\":2}}");
        accepted.Add(await pod.AcceptAsync().WaitAsync(Ceiling)); // the session's: never read
        var reply = await client.ReadAsync(Ceiling) ?? throw new Xunit.Sdk.XunitException("the daemon closed the connection");
        var took = DateTime.UtcNow - started;
        Assert.Equal("error", (string?)reply["event"]);
        Assert.Equal("send_failed", (string?)reply["data"]!["code"]);
        Assert.Contains("timeout", (string?)reply["data"]!["message"]);
        // The session waits up to 2 s for a greeting before it writes, then the 1 s deadline; a busy machine adds some.
        Assert.True(took < TimeSpan.FromSeconds(8), $"send_failed after {took}");

        // Every socket of the daemon to the pod is closed: the pod's ends read to EOF, the daemon holds no more sockets
        // than before the send.
        foreach (var socket in accepted)
        {
            await ReadToEndAsync(socket, keep: false);
            socket.Dispose();
        }

        await Eventually.Until(() => Sockets(daemon.Pid), n => n <= baseline, Ceiling, "the daemon's sockets to return to their count before the send");
        await AssertFleetAnswers();
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    [Fact]
    public async Task A_regular_file_at_the_control_socket_is_refused_by_name_and_kept()
    {
        await File.WriteAllTextAsync(_dir.ControlSocket, "someone's notes");
        var result = await Cli.RunAsync("run", "--runtime-dir", _dir.Path);
        Assert.True(result.ExitCode == 1, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains($"{_dir.ControlSocket} is a regular file of 15 bytes, not a control socket", result.Stderr);
        Assert.Equal("someone's notes", await File.ReadAllTextAsync(_dir.ControlSocket));
    }

    [Fact]
    public async Task A_directory_at_the_control_socket_is_named_as_a_directory_and_kept()
    {
        Directory.CreateDirectory(_dir.ControlSocket);
        var result = await Cli.RunAsync("run", "--runtime-dir", _dir.Path);
        Assert.True(result.ExitCode == 1, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains($"{_dir.ControlSocket} is a directory with 0 entries, not a control socket", result.Stderr);
        Assert.DoesNotContain("another supervisor", result.Stderr);
        Assert.True(Directory.Exists(_dir.ControlSocket));
    }

    /// <summary>A new connection to the control socket, kept until the test ends; null when the daemon's accept backlog
    /// stayed full for <paramref name="within"/> (a Unix socket's connect then fails at once with EAGAIN).</summary>
    private async Task<Socket?> ConnectAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_dir.ControlSocket));
                _sockets.Add(socket);
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TryAgain or SocketError.WouldBlock)
            {
                socket.Dispose();
                if (DateTime.UtcNow > deadline) return null;
                await Task.Delay(10); // the daemon drains its backlog: retry, as a client would
            }
        }
    }

    private static async Task WaitUntilServing(CliProcess daemon)
    {
        await Eventually.Until(() => daemon.Stderr.Contains("supervising", StringComparison.Ordinal) || daemon.HasExited, Cli.Ceiling, "the daemon to start");
        Assert.False(daemon.HasExited, daemon.Stderr);
    }

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(16);
        return socket;
    }

    private void WriteRegistry(params (string Name, string Socket)[] pods)
    {
        var rows = pods.Select(p => new JObject
        {
            ["pod_name"] = p.Name, ["pid"] = Environment.ProcessId, ["socket"] = p.Socket,
            ["scope_allow"] = new JArray(), ["scope_deny"] = new JArray(), ["delegated_from"] = null, ["segment_id"] = null,
        });
        File.WriteAllText(_dir.RegistryPath, new JObject { ["allocations"] = new JArray(rows) }.ToString());
    }

    private static async Task<(string? Outcome, string? Detail)> Probe(RawControlClient client, string pod, int id)
    {
        await client.SendAsync($"{{\"method\":\"probe\",\"params\":{{\"pod\":\"{pod}\"}},\"id\":{id}}}");
        var reply = await client.ReadAsync(Ceiling) ?? throw new Xunit.Sdk.XunitException("the daemon closed the connection");
        Assert.True((string?)reply["event"] == "fleet", reply.ToString());
        var row = (JObject)reply["data"]!["pods"]!.Single();
        return ((string?)row["outcome"], (string?)row["detail"]);
    }

    private static async Task<(List<string> Pods, string? RegistryError)> ProbeAll(RawControlClient client, int id)
    {
        await client.SendAsync($"{{\"method\":\"probe\",\"id\":{id}}}");
        var reply = await client.ReadAsync(Ceiling) ?? throw new Xunit.Sdk.XunitException("the daemon closed the connection");
        Assert.True((string?)reply["event"] == "fleet", reply.ToString());
        var pods = reply["data"]!["pods"]!.Select(p => (string)p["name"]!).ToList();
        return (pods, (string?)reply["data"]!["registry_error"]);
    }

    private static async Task<string?> ProbeOutcome(RawControlClient client, string pod, int id) => (await Probe(client, pod, id)).Outcome;

    private async Task AssertFleetAnswers()
    {
        using var client = new RawControlClient(_dir.ControlSocket);
        await client.SendAsync("{\"method\":\"fleet\",\"id\":1}");
        var reply = await client.ReadAsync(Ceiling);
        Assert.True((string?)reply?["event"] == "fleet", reply?.ToString() ?? "closed");
    }

    private bool TryFleet()
    {
        try
        {
            AssertFleetAnswers().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is SocketException or Xunit.Sdk.XunitException or OperationCanceledException or Newtonsoft.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The first line a peer sent before it closed (or everything, when <paramref name="keep"/> is false: nothing).</summary>
    private static async Task<string> ReadToEndAsync(Socket socket, bool keep = true)
    {
        var text = new StringBuilder();
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
        {
            if (keep) text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string[] Fds(int pid)
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{pid}/fd");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static int Sockets(int pid) => Fds(pid).Count(fd =>
    {
        try
        {
            return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false;
        }
    });

    /// <summary>The daemon's fd count once it stops moving (its runtime opens a few on first use).</summary>
    private static async Task<int> SettledFds(int pid)
    {
        var last = -1;
        await Eventually.Until(() =>
        {
            var now = Fds(pid).Length;
            var settled = now == last;
            last = now;
            Thread.Sleep(200);
            return settled;
        }, Ceiling, "the daemon's fd count to settle");
        return last;
    }

    private static bool ControlClientsGone(int pid, int baseline) => Fds(pid).Length <= baseline;

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
