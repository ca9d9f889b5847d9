using System.Net.Sockets;
using System.Text;
using Yoi.Host.Commands;
using Yoi.Host.Control;
using Yoi.Host.Control.Client;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Tests;

/// <summary>The CLI's typed control client against a peer played by the test on the other end of a real socket pair:
/// what it does with replies no supervisor of ours sends on demand (huge lines, refusals, garbage, a vanishing peer).</summary>
public sealed class ControlClientTests
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_reply_longer_than_the_pod_line_limit_is_read_whole()
    {
        var (mine, theirs) = SocketPair.Create();
        using var client = new ControlClient(mine);
        using var peer = theirs;
        var detail = new string('x', 20 * 1024 * 1024); // beyond the pods' 16 MiB line limit
        var pod = new PodReport("big", "/tmp/big.sock", 1, "ok", true, "idle", 1.5, detail, true, 0, null, 1, 0, [1.5]);
        var fleet = new FleetReport(DateTimeOffset.UtcNow, [pod], new SupervisorReport(10, 0, 1, 42), null);

        using var cts = new CancellationTokenSource(Ceiling);
        var probe = client.ProbeAsync(null, cts.Token);
        Assert.Equal("{\"method\":\"probe\"}", await ReadLineAsync(peer, cts.Token));
        await SendAsync(peer, ControlCodec.EncodeEvent(new FleetEvent(fleet)) + "\n", cts.Token);

        var report = await probe;
        Assert.Equal(detail.Length, report.Pods.Single().Detail!.Length);
        Assert.Equal(42, report.Supervisor.Pid);
    }

    [Fact]
    public async Task A_refusal_sent_before_the_close_is_the_error_even_when_the_write_fails()
    {
        var (mine, theirs) = SocketPair.Create();
        using var client = new ControlClient(mine);
        // What the daemon does with another user's connection: one error line, then close, before reading anything.
        await SendAsync(theirs, ControlCodec.EncodeEvent(new ErrorReply(ControlNames.Denied, "connections from another user are refused")) + "\n", CancellationToken.None);
        theirs.Dispose();

        using var cts = new CancellationTokenSource(Ceiling);
        var e = await Assert.ThrowsAsync<ControlException>(() => client.ProbeAsync(null, cts.Token));
        Assert.Equal(ControlNames.Denied, e.Code);

        var cli = ClientCommand.Failure(e);
        Assert.Equal(ExitCodes.SupervisorUnavailable, cli.ExitCode);
        Assert.StartsWith("denied", cli.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pipe", cli.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_stream_ends_with_detached_and_errors_become_exceptions()
    {
        var (mine, theirs) = SocketPair.Create();
        using var client = new ControlClient(mine);
        using var peer = theirs;
        using var cts = new CancellationTokenSource(Ceiling);

        var events = new List<ControlEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.WatchAsync("alpha", cts.Token))
                events.Add(e);
        });
        Assert.Equal("{\"method\":\"watch\",\"params\":{\"pod\":\"alpha\"}}", await ReadLineAsync(peer, cts.Token));
        var lines = new ControlEvent[]
        {
            new AttachedEvent("alpha"),
            new PodLineEvent("alpha", "status", "{\"event\":\"status\",\"data\":{\"status\":\"idle\"}}"),
            new UndecodableEvent("alpha", 120, "not JSON"),
            new DetachedEvent("alpha", ControlNames.Lagged, "too far behind"),
        };
        await SendAsync(peer, string.Concat(lines.Select(l => ControlCodec.EncodeEvent(l) + "\n")), cts.Token);
        await watching;
        Assert.Equal(lines, events);

        // The next request on the same connection: an error reply is an exception with its code.
        var send = client.SendAsync("alpha", Yoi.Actors.Protocol.CancelMethod.Instance, cts.Token);
        Assert.Contains("\"method\":\"send\"", await ReadLineAsync(peer, cts.Token));
        await SendAsync(peer, ControlCodec.EncodeEvent(new ErrorReply(ControlNames.UnknownPod, "unknown pod alpha: gone")) + "\n", cts.Token);
        var error = await Assert.ThrowsAsync<ControlException>(() => send);
        Assert.Equal(ControlNames.UnknownPod, error.Code);
        Assert.Equal(ExitCodes.PodUnavailable, ClientCommand.Failure(error).ExitCode);
    }

    [Fact]
    public async Task Garbage_and_a_vanishing_peer_are_clear_failures()
    {
        var (mine, theirs) = SocketPair.Create();
        using var client = new ControlClient(mine);
        using var cts = new CancellationTokenSource(Ceiling);

        var fleet = client.FleetAsync(cts.Token);
        await ReadLineAsync(theirs, cts.Token);
        await SendAsync(theirs, "this is not json\n", cts.Token);
        var garbage = await Assert.ThrowsAsync<ControlException>(() => fleet);
        Assert.Equal(ControlException.BadReply, garbage.Code);

        var again = client.FleetAsync(cts.Token);
        await ReadLineAsync(theirs, cts.Token);
        theirs.Dispose();
        var lost = await Assert.ThrowsAsync<ControlException>(() => again);
        Assert.Equal(ControlException.ConnectionLost, lost.Code);
        Assert.Equal(ExitCodes.SupervisorUnavailable, ClientCommand.Failure(lost).ExitCode);
    }

    private static async Task SendAsync(Socket socket, string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var sent = 0; sent < bytes.Length;)
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, ct);
    }

    /// <summary>One request line, read byte by byte (requests are small).</summary>
    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken ct)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await socket.ReceiveAsync(one, SocketFlags.None, ct);
            if (n == 0 || one[0] == (byte)'\n') return Encoding.UTF8.GetString(line.ToArray());
            line.Add(one[0]);
        }
    }
}
