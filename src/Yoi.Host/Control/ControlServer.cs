using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control;

/// <summary>Owns the listening control socket (when there is one) and one <see cref="ControlConnectionActor"/> per connection.
/// Accepts are piped back as messages; connections from another user are refused (<c>SO_PEERCRED</c>).</summary>
public sealed class ControlServer : ReceiveActor
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

    private readonly ControlListener? _listener;
    private readonly IActorRef _supervisor;
    private readonly ControlLimits _limits;
    private readonly CancellationTokenSource _cts = new();

    // The accept under way. A connection it accepted just before this actor stopped is still ownerless (its message
    // goes to dead letters), so PostStop closes it; once admitted, it belongs to its client actor.
    private Task<Socket>? _accepting;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _next;

    public ControlServer(ControlListener? listener, IActorRef supervisor, ControlLimits limits)
    {
        _listener = listener;
        _supervisor = supervisor;
        _limits = limits;

        Receive<Accepted>(a =>
        {
            _accepting = null;
            Admit(a.Socket);
            AcceptNext();
        });
        Receive<AcceptFailed>(f =>
        {
            if (_cts.IsCancellationRequested) return;
            if (f.Error is ObjectDisposedException)
            {
                Context.Stop(Self);
                return;
            }

            _log.Warning("control socket accept failed: {0}", f.Error.Message);
            AcceptNext();
        });
        Receive<Adopt>(a => Spawn(a.Socket));
        Receive<GetClientCount>(_ => Sender.Tell(new ClientCount(Context.GetChildren().Count())));
    }

    public static Props Props(ControlListener? listener, IActorRef supervisor, ControlLimits limits) =>
        Akka.Actor.Props.Create(() => new ControlServer(listener, supervisor, limits));

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
            try
            {
                socket.Blocking = false;
                socket.Send(ControlOutput.Line(new ErrorReply(ControlNames.Denied, "connections from another user are refused"), null));
            }
            catch (SocketException)
            {
                // The refusal is the close itself.
            }
            finally
            {
                socket.Dispose();
            }

            return;
        }

        Spawn(socket);
    }

    private void Spawn(Socket socket)
    {
        try
        {
            Context.ActorOf(ControlConnectionActor.Props(socket, _supervisor, _limits), $"client-{++_next}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
