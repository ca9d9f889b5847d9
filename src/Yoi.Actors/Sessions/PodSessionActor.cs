using Akka.Actor;
using Yoi.Actors.Connections;
using Yoi.Actors.Mailboxes;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Sessions;

/// <summary>
/// A long-lived attachment to one pod, for watching and sending. It owns one <see cref="PodConnectionActor"/> child;
/// every subscriber (watched) gets the pod's events in the order the pod sent them, and a final
/// <see cref="PodSession.Detached"/> when the pod goes away. The session ends when its last subscriber leaves and no
/// send is waiting for its acknowledgement — so a session made only to send one method ends right after the write.
/// Sends wait until the pod has greeted (its snapshot arrived), as a person at the original client would: a pod drops
/// a method from a client that is gone before its greeting was written.
/// Each subscriber has a bounded backlog: the bytes of events delivered to it and not yet acknowledged
/// (<see cref="PodSession.Ack"/>). One that falls further behind than the bound is detached with
/// <see cref="PodSession.LaggedReason"/>, while the session reads on at full speed for the others: a slow subscriber can
/// neither slow the pod's socket (the pod would drop us) nor grow memory without bound.
/// </summary>
public sealed class PodSessionActor : UntypedActor
{
    private sealed record GreetingOverdue
    {
        public static GreetingOverdue Instance { get; } = new();
    }

    /// <summary>How long sends wait for the greeting before they are written anyway (a pod that never greets).</summary>
    public static readonly TimeSpan GreetingWait = TimeSpan.FromSeconds(2);

    private readonly string _podName;
    // Each subscriber with its backlog (bytes delivered, not yet acknowledged).
    private readonly Dictionary<IActorRef, Backlog> _subscribers = [];
    private readonly long _maxBacklogBytes;
    private readonly Queue<(IActorRef ReplyTo, string Method, object? CorrelationId)> _awaitingAck = new();
    private readonly IActorRef _connection;
    private readonly List<PodConnection.Send> _heldSends = [];
    // A one-shot scheduled tell rather than IWithTimers: a timer scheduler and its dictionary would stay with every
    // session for life, for a timer that is over once the pod has greeted.
    private ICancelable? _greetingOverdue;
    private bool _greeted;
    private bool _detached;
    private bool _connected;
    // Why the connection ended, for sends still waiting: they fail with the real cause.
    private string _endReason = "the session ended before the write";

    /// <param name="subscriber">The first subscriber, subscribed before the connection can deliver anything: a
    /// <see cref="PodSession.Subscribe"/> sent after creation could arrive after the pod's greeting — or after the
    /// session has already ended on a refused connect — and miss it.</param>
    /// <param name="firstSend">A method to send, with whom to acknowledge it (and the correlation id the
    /// acknowledgement carries): queued from the start for the same reason
    /// (a one-shot send to a refused pod must still be answered <see cref="PodSession.SendFailed"/>).</param>
    /// <param name="maxBacklogBytes">The bound of each subscriber's backlog.</param>
    public PodSessionActor(string podName, string socketPath, int maxLineBytes, IActorRef? subscriber = null,
        (Protocol.Method Method, IActorRef ReplyTo, object? CorrelationId)? firstSend = null, long maxBacklogBytes = PodSession.DefaultMaxBacklogBytes)
    {
        _podName = podName;
        _maxBacklogBytes = maxBacklogBytes;
        if (subscriber is not null)
            _subscribers.Add(subscriber, new Backlog());
        if (firstSend is { } send)
        {
            _awaitingAck.Enqueue((send.ReplyTo, send.Method.Name, send.CorrelationId));
            _heldSends.Add(new PodConnection.Send(send.Method));
        }

        _connection = Context.ActorOf(LeanMailbox.For(Context.System, PodConnectionActor.Props(podName, socketPath, maxLineBytes)), "connection");
    }

    public static Props Props(string podName, string socketPath, int maxLineBytes, IActorRef? subscriber = null,
        (Protocol.Method Method, IActorRef ReplyTo, object? CorrelationId)? firstSend = null, long maxBacklogBytes = PodSession.DefaultMaxBacklogBytes) =>
        ActorFactory.Props(
            (podName, socketPath, maxLineBytes, subscriber, firstSend, maxBacklogBytes),
            static a => new PodSessionActor(a.podName, a.socketPath, a.maxLineBytes, a.subscriber, a.firstSend, a.maxBacklogBytes));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PostStop()
    {
        _greetingOverdue?.Cancel();
        while (_awaitingAck.TryDequeue(out var waiting))
            waiting.ReplyTo.Tell(new PodSession.SendFailed(_podName, waiting.Method, _endReason, waiting.CorrelationId));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PodConnection.Received received:
                if (!_greeted && received.Events.Any(e => e.Event is SnapshotEvent))
                    ReleaseSends();
                Deliver(new PodSession.EventsReceived(_podName, received.Events, SizeOf(received.Events)));
                break;
            case PodSession.Ack ack:
                if (_subscribers.TryGetValue(Sender, out var backlog))
                    backlog.Bytes = Math.Max(0, backlog.Bytes - ack.Bytes);
                break;
            case PodSession.Subscribe subscribe:
                if (_subscribers.TryAdd(subscribe.Subscriber, new Backlog()))
                {
                    Context.Watch(subscribe.Subscriber);
                    if (_connected)
                        subscribe.Subscriber.Tell(new PodSession.Connected(_podName));
                }
                break;
            case PodSession.Unsubscribe unsubscribe:
                Remove(unsubscribe.Subscriber);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_connection):
                Detach("the connection stopped");
                break;
            case Terminated terminated:
                Remove(terminated.ActorRef);
                break;
            case PodSession.Send send:
                _awaitingAck.Enqueue((Sender, send.Method.Name, send.CorrelationId));
                if (_greeted)
                    _connection.Tell(new PodConnection.Send(send.Method));
                else
                    _heldSends.Add(new PodConnection.Send(send.Method));
                break;
            case GreetingOverdue:
                // One that was already on its way when the greeting came is stale.
                if (!_greeted)
                    ReleaseSends();
                break;
            case PodSession.Sent or PodSession.SendFailed:
                // The connection acknowledges in write order, so the head of the queue is the one answered.
                if (_awaitingAck.TryDequeue(out var waiting))
                    waiting.ReplyTo.Tell(message switch
                    {
                        // The connection knows no correlation ids: the acknowledgement takes the one its send came with.
                        PodSession.Sent sent => sent with { CorrelationId = waiting.CorrelationId },
                        PodSession.SendFailed failed => failed with { CorrelationId = waiting.CorrelationId },
                        _ => message,
                    });
                StopIfIdle();
                break;
            case PodConnection.UndecodableLine bad:
                Deliver(new PodSession.UndecodableLine(_podName, bad.Offset, bad.Reason), bad.Reason.Length + 64);
                break;
            case PodConnection.Connected:
                _connected = true;
                var connected = new PodSession.Connected(_podName);
                foreach (var subscriber in _subscribers.Keys)
                    subscriber.Tell(connected);
                break;
            case PodConnection.ConnectFailed failed:
                Detach($"cannot connect: {failed.Detail}");
                break;
            case PodConnection.Disconnected disconnected:
                Detach(disconnected.Reason switch
                {
                    DisconnectReason.PeerClosed => "the pod closed the connection",
                    DisconnectReason.LineTooLong => $"stream unusable: {disconnected.Detail}",
                    _ => disconnected.Detail,
                });
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PreStart()
    {
        Context.Watch(_connection);
        foreach (var subscriber in _subscribers.Keys)
            Context.Watch(subscriber);
        _greetingOverdue = Context.System.Scheduler.ScheduleTellOnceCancelable(GreetingWait, Self, GreetingOverdue.Instance, Self);
    }

    private void ReleaseSends()
    {
        _greeted = true;
        _greetingOverdue?.Cancel();
        _greetingOverdue = null;
        foreach (var send in _heldSends)
            _connection.Tell(send);
        _heldSends.Clear();
    }

    /// <summary>Tells every subscriber, detaching (<see cref="PodSession.LaggedReason"/>) those whose backlog would pass the bound.</summary>
    private void Deliver(object message, long bytes)
    {
        List<IActorRef>? lagging = null;
        foreach (var (subscriber, backlog) in _subscribers)
        {
            if (backlog.Bytes + bytes > _maxBacklogBytes)
            {
                (lagging ??= []).Add(subscriber);
                continue;
            }

            backlog.Bytes += bytes;
            subscriber.Tell(message);
        }

        if (lagging is null)
            return;
        foreach (var subscriber in lagging)
        {
            subscriber.Tell(new PodSession.Detached(_podName, PodSession.LaggedReason,
                $"the subscriber fell more than {_maxBacklogBytes} bytes behind the pod's stream"));
            Remove(subscriber);
        }
    }

    private void Deliver(PodSession.EventsReceived batch) => Deliver(batch, batch.Bytes);

    // What a batch holds, in the units of the bound: the lines' characters (bytes for ASCII) and a little per event.
    private static long SizeOf(IReadOnlyList<ReceivedEvent> events)
    {
        long size = 0;
        foreach (var e in events)
            size += e.Line.Length + 16;
        return size;
    }

    private void Remove(IActorRef subscriber)
    {
        if (_subscribers.Remove(subscriber))
            Context.Unwatch(subscriber);
        StopIfIdle();
    }

    private void StopIfIdle()
    {
        if (_subscribers.Count == 0 && _awaitingAck.Count == 0)
            Context.Stop(Self);
    }

    private void Detach(string reason)
    {
        if (_detached)
            return;
        _detached = true;
        _endReason = reason;
        var detached = new PodSession.Detached(_podName, reason);
        foreach (var subscriber in _subscribers.Keys)
            subscriber.Tell(detached);
        Context.Stop(Self);
    }

    private sealed class Backlog
    {
        public long Bytes;
    }
}
