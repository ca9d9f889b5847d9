using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control;

/// <summary>Owns the listening control socket (when there is one) and one <see cref="ControlConnectionActor"/> per connection.
/// Accepts are piped back as messages; connections from another user are refused (<c>SO_PEERCRED</c>), and so are those
/// beyond <see cref="ControlLimits.MaxConnections"/> (<c>error busy</c>). Out of file descriptors, accepting backs off
/// and resumes by itself.</summary>
public sealed class ControlServer : ReceiveActor, IWithTimers
{
    public const string DefaultName = "control";

    /// <summary>Hand an already connected socket (e.g. one end of a <see cref="SocketPair"/>) to a new client actor,
    /// which owns it from then on.</summary>
    public sealed record Adopt(Socket Socket);

    /// <summary>Reply: <see cref="ClientCount"/>.</summary>
    public sealed record GetClientCount
    {
        public static GetClientCount Instance { get; } = new();
    }

    public sealed record ClientCount(int Count);

    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(Exception Error);

    private sealed record RetryAccept
    {
        public static RetryAccept Instance { get; } = new();
    }

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly ControlListener? _listener;
    private readonly IActorRef _supervisor;
    private readonly ControlLimits _limits;
    private readonly IActorRef? _managedConfig;
    private readonly CancellationTokenSource _cts = new();
    private readonly FdReserve? _reserve;

    // The accept under way. A connection it accepted just before this actor stopped is still ownerless (its message
    // goes to dead letters), so PostStop closes it; once admitted, it belongs to its client actor.
    private Task<Socket>? _accepting;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _next;
    private int _clients;
    // The current out-of-descriptors episode: when it began, the next retry's wait, how many were told busy in it.
    private long _exhaustedSince;
    private TimeSpan _backoff;
    private int _shedInEpisode;

    public ITimerScheduler Timers { get; set; } = null!;

    public ControlServer(ControlListener? listener, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null)
    {
        _managedConfig = managedConfig;
        _listener = listener;
        _supervisor = supervisor;
        _limits = limits;
        if (listener is not null)
            _reserve = new FdReserve();
        Serving();
    }

    /// <summary>Accepting as fast as clients come.</summary>
    private void Serving()
    {
        Receive<Accepted>(a =>
        {
            _accepting = null;
            Admit(a.Socket);
            AcceptNext();
        });
        Receive<AcceptFailed>(f =>
        {
            _accepting = null;
            if (IsOutOfDescriptors(f.Error))
            {
                _exhaustedSince = Environment.TickCount64;
                _backoff = FirstBackoff;
                _shedInEpisode = 0;
                // Once per episode: the retries that follow say nothing until accepting works again.
                // Counting the open fds would itself need one: the limit is what says it.
                _log.Warning("out of file descriptors (limit {0}): accepting control connections paused, retried with backoff; waiting clients are told busy",
                    Hosting.FdLimits.Soft()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
                Become(OutOfDescriptors);
                ShedOneAndWait();
                return;
            }

            OnOtherAcceptFailure(f.Error);
        });
        Common();
    }

    /// <summary>The process has no descriptor for a new connection: accepting waits, growing its wait, instead of
    /// spinning on the error; it resumes at the first accept that succeeds.</summary>
    private void OutOfDescriptors()
    {
        Receive<RetryAccept>(_ => AcceptNext());
        Receive<Accepted>(a =>
        {
            _accepting = null;
            // A warning as the episode's start was: whoever saw that one needs this one.
            _log.Warning("file descriptors available again: accepting control connections resumed after {0:0.0} s ({1} client(s) told busy meanwhile)",
                (Environment.TickCount64 - _exhaustedSince) / 1000.0, _shedInEpisode);
            Become(Serving);
            Admit(a.Socket);
            AcceptNext();
        });
        Receive<AcceptFailed>(f =>
        {
            _accepting = null;
            if (IsOutOfDescriptors(f.Error))
            {
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
                ShedOneAndWait();
                return;
            }

            Become(Serving);
            OnOtherAcceptFailure(f.Error);
        });
        Common();
    }

    private void Common()
    {
        Receive<Adopt>(a => Spawn(a.Socket));
        Receive<Terminated>(_ => _clients--);
        Receive<GetClientCount>(_ => Sender.Tell(new ClientCount(_clients)));
    }

    private void OnOtherAcceptFailure(Exception error)
    {
        if (_cts.IsCancellationRequested) return;
        if (error is ObjectDisposedException)
        {
            Context.Stop(Self);
            return;
        }

        _log.Warning("control socket accept failed: {0}", error.Message);
        AcceptNext();
    }

    private static bool IsOutOfDescriptors(Exception error) =>
        error is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets }; // EMFILE and ENFILE

    // With the held-back descriptor, one waiting client learns why it is not served (rather than timing out in the
    // backlog); then accepting waits.
    private void ShedOneAndWait()
    {
        _reserve?.Spend(() =>
        {
            try
            {
                if (_listener!.Socket.Poll(0, SelectMode.SelectRead))
                {
                    Refuse(_listener.Socket.Accept(), new ErrorReply(ControlNames.Busy, "the supervisor is out of file descriptors; try again later"));
                    _shedInEpisode++;
                }
            }
            catch (SocketException)
            {
                // Still none (another thread took it) or the client left: the retry tries again.
            }
        });
        Timers.StartSingleTimer(RetryAccept.Instance, RetryAccept.Instance, _backoff);
    }

    /// <param name="managedConfig">The daemon's managed configuration (<c>logs</c>, <c>reload</c>); null in-process.</param>
    public static Props Props(ControlListener? listener, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null) =>
        Akka.Actor.Props.Create(() => new ControlServer(listener, supervisor, limits, managedConfig));

    // Serving starts at once: requests that need the registry wait for its first read inside the supervisor.
    protected override void PreStart()
    {
        if (_listener is null)
            return;
        _log.Info("control socket listening on {0}", _listener.Path);
        AcceptNext();
    }

    protected override void PostStop()
    {
        _cts.Cancel();
        _reserve?.Dispose();
        if (_accepting is { IsCompletedSuccessfully: true } accepted)
            accepted.Result.Dispose();
        _listener?.Dispose();
        _cts.Dispose();
    }

    // Client actors that fail are stopped, never restarted: a connection is not worth retrying.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void AcceptNext()
    {
        var token = _cts.Token;
        _accepting = _listener!.Socket.AcceptAsync(token).AsTask();
        _accepting.ContinueWith<object>(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                if (!token.IsCancellationRequested) return new Accepted(t.Result);
                t.Result.Dispose(); // the server is gone: nobody would own this connection
                return new AcceptFailed(new OperationCanceledException(token));
            }

            return new AcceptFailed(t.Exception?.GetBaseException() ?? new OperationCanceledException(token));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).PipeTo(Self);
    }

    private void Admit(Socket socket)
    {
        var peer = PeerCredentials.Of(socket);
        if (peer is null || !peer.IsSameUser)
        {
            _log.Warning("refused a control connection from uid {0} (pid {1}): only uid {2} may connect",
                peer?.Uid.ToString() ?? "?", peer?.Pid.ToString() ?? "?", PeerCredentials.EffectiveUid);
            Refuse(socket, new ErrorReply(ControlNames.Denied, "connections from another user are refused"));
            return;
        }

        if (_clients >= _limits.MaxConnections)
        {
            // Not logged per client: a flood of them would flood the log.
            Refuse(socket, new ErrorReply(ControlNames.Busy,
                $"the supervisor serves at most {_limits.MaxConnections} control connections (max_control_connections); try again later"));
            return;
        }

        Spawn(socket);
    }

    /// <summary>One error line, if the socket takes it at once, then the close (which is the refusal itself).</summary>
    private static void Refuse(Socket socket, ErrorReply reply)
    {
        try
        {
            socket.Blocking = false;
            socket.Send(ControlOutput.Line(reply, null));
        }
        catch (SocketException)
        {
            // The close says it.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private void Spawn(Socket socket)
    {
        try
        {
            var client = Context.ActorOf(ControlConnectionActor.Props(socket, _supervisor, _limits, _managedConfig), $"client-{++_next}");
            Context.Watch(client);
            _clients++;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
