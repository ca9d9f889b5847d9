using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Yoi.Actors.Framing;
using Yoi.Actors.Protocol;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Control.Client;

/// <summary>
/// The CLI's end of a control connection (to the daemon's <c>supervisor.sock</c>, or to an in-process supervisor through
/// a socket pair): typed requests out, typed events back, through <see cref="ControlCodec"/>. One request at a time
/// (replies come in request order, so none needs an id). An <c>error</c> reply, a lost connection or an unreadable line
/// is a <see cref="ControlException"/>. A stream (<c>watch</c>, <c>send</c> with <c>follow</c>, <c>subscribe</c>) holds
/// the connection until its <c>detached</c>: after leaving one early, open another client for further requests. Owns
/// its socket.
/// </summary>
public sealed class ControlClient : IDisposable
{
    /// <summary>The longest line accepted from the supervisor: 1 GiB. Replies carry whole fleets (a <c>fleet</c> line of a
    /// big registry) and pods' lines verbatim, so they are not held to the pods' line limit; the bound only stops a
    /// runaway peer from taking all memory.</summary>
    public const int MaxReplyLineBytes = 1 << 30;

    // After a failed write: how long to look for the line the supervisor sent before closing (e.g. "denied").
    private static readonly TimeSpan RefusalGrace = TimeSpan.FromSeconds(2);

    private readonly Socket _socket;
    private readonly LineFramer _framer = new(MaxReplyLineBytes);
    private readonly LineCollector _sink = new();
    private readonly Queue<CollectedLine> _lines = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private bool _eof;

    // A stream left before its end still runs on the server and owns the connection: no further request may go on it.
    private bool _abandoned;

    /// <param name="socket">A connected stream socket; owned by the client from now on.</param>
    public ControlClient(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>Connects to a daemon's control socket; null when nobody listens there (no file, or a stale one).
    /// Any other failure is a <see cref="ControlException"/> (<see cref="ControlException.ConnectionLost"/>).</summary>
    public static ControlClient? TryConnect(string socketPath)
    {
        if (!File.Exists(socketPath)) return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return new ControlClient(socket);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            socket.Dispose();
            return null;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ControlException(ControlException.ConnectionLost, $"cannot connect to the supervisor at {socketPath}: {e.Message}", e);
        }
    }

    /// <summary><c>fleet</c>: the supervisor's current view, no new probe.</summary>
    public Task<FleetReport> FleetAsync(CancellationToken ct) => FleetReplyAsync(new FleetRequest(), ct);

    /// <summary><c>fleet</c> with <c>"cluster": true</c>: every node's pods as this cluster node sees them, rows with <c>node</c>.</summary>
    public Task<FleetReport> ClusterFleetAsync(CancellationToken ct) => FleetReplyAsync(new FleetRequest { Cluster = true }, ct);

    /// <summary><c>probe</c>: a probe cycle (<paramref name="pod"/> null) or a probe of one pod, and its results.</summary>
    public Task<FleetReport> ProbeAsync(string? pod, CancellationToken ct) => FleetReplyAsync(new ProbeRequest(pod), ct);

    /// <summary><c>send</c> without <c>follow</c>: the method is written to the pod.</summary>
    public async Task<SentEvent> SendAsync(string pod, Method method, CancellationToken ct)
    {
        await WriteAsync(new SendRequest(pod, method, Follow: false), ct).ConfigureAwait(false);
        return Expect<SentEvent>(await NextAsync(ct).ConfigureAwait(false));
    }

    /// <summary><c>send</c> with <c>follow</c>: <see cref="AttachedEvent"/>, <see cref="SentEvent"/>, then the pod's
    /// events, until <see cref="DetachedEvent"/> (the last element) or until the caller stops enumerating.</summary>
    public IAsyncEnumerable<ControlEvent> SendFollowAsync(string pod, Method method, CancellationToken ct) =>
        StreamAsync(new SendRequest(pod, method, Follow: true), ct);

    /// <summary><c>watch</c>: <see cref="AttachedEvent"/> (only once the pod connection is up; a pod that cannot be
    /// reached is an <c>attach_failed</c> <see cref="ControlException"/>), then <see cref="PodLineEvent"/>s and
    /// <see cref="UndecodableEvent"/>s, until <see cref="DetachedEvent"/> (the last element).</summary>
    public IAsyncEnumerable<ControlEvent> WatchAsync(string pod, CancellationToken ct) => StreamAsync(new WatchRequest(pod), ct);

    /// <summary><c>subscribe</c>: a <see cref="FleetEvent"/> (the current view), then <see cref="ChangeEvent"/>s and a
    /// <see cref="FleetEvent"/> with <c>Cycle</c> after every poll cycle, for as long as it is enumerated.</summary>
    public IAsyncEnumerable<ControlEvent> SubscribeAsync(CancellationToken ct) => StreamAsync(new SubscribeRequest(), ct);

    /// <summary><c>subscribe</c> with <c>"cluster": true</c>: a <see cref="FleetEvent"/> of the whole cluster, then one
    /// (with <c>Cycle</c>) at every change of any node's view, of membership or of reachability.</summary>
    public IAsyncEnumerable<ControlEvent> SubscribeClusterAsync(CancellationToken ct) => StreamAsync(new SubscribeRequest { Cluster = true }, ct);
    /// <summary><c>start</c>, <c>stop</c> or <c>restart</c> of a managed pod: <see cref="DoneEvent"/> once done.</summary>
    public async Task<DoneEvent> ProcessAsync(string action, string pod, CancellationToken ct)
    {
        await WriteAsync(new ProcessRequest(action, pod), ct).ConfigureAwait(false);
        return Expect<DoneEvent>(await NextAsync(ct).ConfigureAwait(false));
    }

    /// <summary><c>reload</c>: the daemon re-reads its configuration file and applies it.</summary>
    public async Task<ReloadedEvent> ReloadAsync(CancellationToken ct)
    {
        await WriteAsync(new ReloadRequest(), ct).ConfigureAwait(false);
        return Expect<ReloadedEvent>(await NextAsync(ct).ConfigureAwait(false));
    }

    /// <summary><c>logs</c>: <see cref="LogsEvent"/>, then <see cref="LogLineEvent"/>s; without <paramref name="follow"/>
    /// a <see cref="DetachedEvent"/> after the last line.</summary>
    public IAsyncEnumerable<ControlEvent> LogsAsync(string pod, string stream, int lines, bool follow, CancellationToken ct) =>
        StreamAsync(new LogsRequest(pod, stream, lines, follow), ct);

    public void Dispose() => _socket.Dispose();

    // One async level per request: each costs the short commands JIT work at start (ReadyToRun cannot precompile the
    // async machinery's instantiations over this assembly's types).
    private async Task<FleetReport> FleetReplyAsync(ControlRequest request, CancellationToken ct)
    {
        await WriteAsync(request, ct).ConfigureAwait(false);
        return Expect<FleetEvent>(await NextAsync(ct).ConfigureAwait(false)).Fleet;
    }

    private async IAsyncEnumerable<ControlEvent> StreamAsync(ControlRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        await WriteAsync(request, ct).ConfigureAwait(false);
        // Until the first event the request may still be refused (an error reply): then no stream was started.
        var started = false;
        var ended = false;
        try
        {
            while (!ended)
            {
                var e = await NextAsync(ct).ConfigureAwait(false);
                started = true;
                ended = e is DetachedEvent;
                yield return e;
            }
        }
        finally
        {
            _abandoned |= started && !ended;
        }
    }

    private static T Expect<T>(ControlEvent e) where T : ControlEvent =>
        e as T ?? throw new ControlException(ControlException.BadReply, $"unexpected reply \"{e.Name}\" from the supervisor");

    /// <summary>The next event; an <c>error</c> is thrown, as is the end of the connection.</summary>
    private async Task<ControlEvent> NextAsync(CancellationToken ct)
    {
        var line = await ReadLineAsync(ct).ConfigureAwait(false)
            ?? throw new ControlException(ControlException.ConnectionLost, "the supervisor closed the connection");
        var e = Decode(line);
        return e is ErrorReply error ? throw new ControlException(error.Code, error.Message) : e;
    }

    private static ControlEvent Decode(string line)
    {
        try
        {
            return ControlCodec.DecodeEvent(line).Event;
        }
        catch (FormatException e)
        {
            throw new ControlException(ControlException.BadReply, $"the supervisor sent {e.Message}", e);
        }
    }

    private async Task WriteAsync(ControlRequest request, CancellationToken ct)
    {
        if (_abandoned)
            throw new InvalidOperationException("this connection still carries a stream that was left before its end; open another connection");
        var bytes = Encoding.UTF8.GetBytes(ControlCodec.EncodeRequest(request) + "\n");
        try
        {
            var sent = 0;
            while (sent < bytes.Length)
                sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            // The supervisor may have refused the connection (e.g. "denied") and closed it: what it said is the cause.
            throw await RefusalAsync(e, ct).ConfigureAwait(false);
        }
    }

    private async Task<ControlException> RefusalAsync(SocketException writeError, CancellationToken ct)
    {
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(ct);
        grace.CancelAfter(RefusalGrace);
        try
        {
            while (await ReadLineAsync(grace.Token).ConfigureAwait(false) is { } line)
            {
                if (Decode(line) is ErrorReply error)
                    return new ControlException(error.Code, error.Message, writeError);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ControlException or SocketException)
        {
            ct.ThrowIfCancellationRequested();
        }

        return new ControlException(ControlException.ConnectionLost, $"lost the connection to the supervisor: {writeError.Message}", writeError);
    }

    /// <summary>The next line; null at the end of the stream.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_lines.TryDequeue(out var next))
            {
                return next.Line ?? throw new ControlException(ControlException.BadReply, $"the supervisor sent an unreadable line at byte {next.Offset}: {next.Error}");
            }

            if (_eof) return null;
            int n;
            try
            {
                n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, ct).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                n = 0;
            }

            if (n == 0)
            {
                _eof = true;
                _framer.Complete(_sink);
            }
            else if (_framer.Push(_buffer.AsSpan(0, n), _sink) is { } tooLong)
            {
                throw new ControlException(ControlException.BadReply, $"the supervisor sent a {tooLong}");
            }

            foreach (var line in _sink.Take()) _lines.Enqueue(line);
        }
    }
}
