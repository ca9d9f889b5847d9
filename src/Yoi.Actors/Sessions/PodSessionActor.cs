using Akka.Actor;
using Akka.Event;
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
    private sealed record LagGraceOver
    {
        public static LagGraceOver Instance { get; } = new();
    }

    /// <summary>How long reading may stay paused for a subscriber past its bound before it is cut (lagged).</summary>
    public static readonly TimeSpan DefaultLagGrace = TimeSpan.FromSeconds(1);

    private sealed record GreetingOverdue
    {
        public static GreetingOverdue Instance { get; } = new();
    }

    /// <summary>How long sends wait for the greeting before they are written anyway (a pod that never greets).</summary>
    public static readonly TimeSpan GreetingWait = TimeSpan.FromSeconds(2);

    private readonly string _podName;
    // The pod's dialect: every method is written in it.
    private readonly Dialect _dialect;
    private readonly SubscriberBacklogs<IActorRef> _subscribers;
    private readonly TimeSpan _lagGrace;
    // Set while reading is paused for a subscriber past the bound: the end of its grace.
    private ICancelable? _lagGraceOver;
    private IActorRef? _reader;
    private int _withheldCredits;
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
        (Protocol.Method Method, IActorRef ReplyTo, object? CorrelationId)? firstSend = null, long maxBacklogBytes = PodSession.DefaultMaxBacklogBytes,
        Dialect dialect = Dialect.Pod)
    {
        _podName = podName;
        _dialect = dialect;
        _subscribers = new SubscriberBacklogs<IActorRef>(maxBacklogBytes);
        _lagGrace = DefaultLagGrace;
        if (subscriber is not null)
            _subscribers.Add(subscriber);
        if (firstSend is { } send)
        {
            _awaitingAck.Enqueue((send.ReplyTo, send.Method.Name, send.CorrelationId));
            _heldSends.Add(new PodConnection.Send(send.Method, dialect));
        }

        _connection = Context.ActorOf(LeanMailbox.For(Context.System, PodConnectionActor.Props(podName, socketPath, maxLineBytes)), "connection");
    }

    public static Props Props(string podName, string socketPath, int maxLineBytes, IActorRef? subscriber = null,
        (Protocol.Method Method, IActorRef ReplyTo, object? CorrelationId)? firstSend = null, long maxBacklogBytes = PodSession.DefaultMaxBacklogBytes,
        Dialect dialect = Dialect.Pod) =>
        ActorFactory.Props(
            (podName, socketPath, maxLineBytes, subscriber, firstSend, maxBacklogBytes, dialect),
            static a => new PodSessionActor(a.podName, a.socketPath, a.maxLineBytes, a.subscriber, a.firstSend, a.maxBacklogBytes, a.dialect));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PostStop()
    {
        _greetingOverdue?.Cancel();
        _lagGraceOver?.Cancel();
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
                Credit();
                break;
            case PodSession.Ack ack:
                _subscribers.Ack(Sender, ack.Bytes);
                ResumeIfCaughtUp();
                break;
            case LagGraceOver:
                if (_lagGraceOver is null)
                    break;
                _lagGraceOver = null;
                Cut(_subscribers.CutStalled(), $"the subscriber read nothing for {_lagGrace.TotalSeconds:0.#} s while more than {_subscribers.Bound / 2} bytes behind the pod's stream");
                if (_subscribers.MayResume)
                    ReturnCredits();
                else
                    StartGrace(); // the others are behind but reading: still paused, for another grace
                break;
            case PodSession.Subscribe subscribe:
                if (_subscribers.Add(subscribe.Subscriber))
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
                // Refused before it is queued: it has no place in the acknowledgement order.
                if (PodSession.SendFailed.Refusal(_podName, send.Method, _dialect, send.CorrelationId) is { } refusal)
                {
                    Sender.Tell(refusal);
                    break;
                }

                _awaitingAck.Enqueue((Sender, send.Method.Name, send.CorrelationId));
                if (_greeted)
                    _connection.Tell(new PodConnection.Send(send.Method, _dialect));
                else
                    _heldSends.Add(new PodConnection.Send(send.Method, _dialect));
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
                Diagnostics.SupervisorMetrics.RecordUndecodable("session");
                var charge = bad.Reason.Length + PerEventBytes;
                Deliver(new PodSession.UndecodableLine(_podName, bad.Offset, bad.Reason, charge), charge);
                Credit();
                break;
            case PodConnection.Connected:
                _connected = true;
                var connected = new PodSession.Connected(_podName);
                foreach (var subscriber in _subscribers.Subscribers)
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
        foreach (var subscriber in _subscribers.Subscribers)
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

    /// <summary>Tells every subscriber; pauses reading when one is past the bound (see <see cref="SubscriberBacklogs{T}"/>).</summary>
    private void Deliver(object message, long bytes)
    {
        var cut = _subscribers.Deliver(bytes);
        foreach (var subscriber in _subscribers.Subscribers)
            subscriber.Tell(message);
        if (cut is not null)
            Cut(cut, $"the subscriber fell more than {2 * _subscribers.Bound} bytes behind the pod's stream");
        if (_lagGraceOver is null && _subscribers.ShouldPause)
            StartGrace(); // reading pauses: the credits of the batches from now on are held back
    }

    private void StartGrace()
    {
        _subscribers.BeginGrace();
        _lagGraceOver = Context.System.Scheduler.ScheduleTellOnceCancelable(_lagGrace, Self, LagGraceOver.Instance, Self);
    }

    private void ResumeIfCaughtUp()
    {
        if (_lagGraceOver is null || !_subscribers.MayResume)
            return;
        _lagGraceOver.Cancel();
        _lagGraceOver = null;
        ReturnCredits();
    }

    /// <summary>The reader's credit for what it just delivered (a batch, or a bad line's report). While a subscriber is
    /// past its bound it is held back: the reader stops within a few deliveries.</summary>
    private void Credit()
    {
        _reader = Sender;
        if (_lagGraceOver is null)
            _reader.Tell(PodConnection.BatchHandled.Instance);
        else
            _withheldCredits++;
    }

    private void ReturnCredits()
    {
        for (; _withheldCredits > 0; _withheldCredits--)
            _reader!.Tell(PodConnection.BatchHandled.Instance);
    }

    private void Cut(List<IActorRef> lagging, string detail)
    {
        foreach (var subscriber in lagging)
        {
            // Once per subscriber: it is gone from the session after this.
            Context.GetLogger().Info("pod {0}: subscriber {1} detached (lagged): {2}", _podName, subscriber.Path, detail);
            Context.Unwatch(subscriber);
            subscriber.Tell(new PodSession.Detached(_podName, PodSession.LaggedReason, detail));
        }

        if (lagging.Count > 0)
            StopIfIdle();
    }

    private void Deliver(PodSession.EventsReceived batch) => Deliver(batch, batch.Bytes);

    // What a batch costs a subscriber, in the units of the bound: the lines' characters (bytes for ASCII) and, per
    // event, about what its forwarding adds (the control protocol's envelope and escaping), so that the bound is close
    // to the bytes a slow client has waiting.
    private static long SizeOf(IReadOnlyList<ReceivedEvent> events)
    {
        long size = 0;
        foreach (var e in events)
            size += e.Line.Length + PerEventBytes;
        return size;
    }

    private const int PerEventBytes = 96;

    private void Remove(IActorRef subscriber)
    {
        if (_subscribers.Remove(subscriber))
            Context.Unwatch(subscriber);
        ResumeIfCaughtUp();
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
        foreach (var subscriber in _subscribers.Subscribers)
            subscriber.Tell(detached);
        Context.Stop(Self);
    }
}
