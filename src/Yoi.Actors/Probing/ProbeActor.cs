using System.Diagnostics;
using Akka.Actor;
using Yoi.Actors.Connections;
using Yoi.Actors.Mailboxes;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Probing;

/// <summary>
/// One probe of one pod; its lifetime is the probe. It connects (through a child <see cref="PodConnectionActor"/>, which
/// owns the socket), waits for the first <c>snapshot</c> or <c>status</c> until the deadline, stops the connection,
/// and once the connection has terminated — its socket closed — replies one <see cref="ProbeResult"/> to the requester
/// and stops. So when a requester holds every answer of a cycle, no socket of that cycle is still open. Every path ends
/// that way: reply, deadline, connect error, peer close, line too long, a crash (PostStop still replies), or the
/// requester dying (no reply).
/// An undecodable line does not end the probe: a pod that is alive and answering may have written one stray line
/// before its snapshot. A status after it is <c>ok</c> (the detail counts the skipped lines); <c>protocol-error</c> is
/// kept for a stream that cannot be used — a line over the maximum, or undecodable lines and no status by the deadline
/// (or the peer's close). The status-only connection does not report lines that decode without a status, so "nothing
/// decodable" is read as "no status, and at least one undecodable line".
/// </summary>
public sealed class ProbeActor : UntypedActor
{
    private sealed record Deadline : Akka.Event.IDeadLetterSuppression
    {
        public static Deadline Instance { get; } = new();
    }

    private readonly PodAllocation _pod;
    private readonly IActorRef _requester;
    private readonly IActorRef? _alsoTell;
    private readonly TimeSpan _timeout;
    private readonly int _maxLineBytes;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private int _undecodable;
    private string? _firstUndecodable;
    private Timer? _deadline;
    private IActorRef? _connection;
    private ProbeResult? _result;
    private bool _connected;
    private bool _done;

    /// <param name="alsoTell">Another party waiting for this very probe (a supervisor's <c>ProbePod</c> asker): told
    /// directly rather than through the requester, which saves it a hop.</param>
    public ProbeActor(PodAllocation pod, IActorRef requester, TimeSpan timeout, int maxLineBytes, IActorRef? alsoTell = null)
    {
        _alsoTell = alsoTell;
        _pod = pod;
        _requester = requester;
        _timeout = timeout;
        _maxLineBytes = maxLineBytes;
    }

    public static Props Props(PodAllocation pod, IActorRef requester, TimeSpan timeout, int maxLineBytes, IActorRef? alsoTell = null) =>
        ActorFactory.Props(() => new ProbeActor(pod, requester, timeout, maxLineBytes, alsoTell));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        // A parent's death stops its children anyway: watching it would only cost it two system messages per probe.
        if (!_requester.Equals(Context.Parent))
            Context.Watch(_requester);
        if (!ProcessLiveness.IsAlive(_pod.Pid))
        {
            Reply(ProbeOutcome.Stale, null, $"pid {_pod.Pid} is not running");
            return;
        }

        // A runtime timer, not the actor scheduler: the deadline stays exact however coarse the scheduler's tick is.
        var self = Self;
        _deadline = new Timer(_ => self.Tell(Deadline.Instance), null, _timeout, Timeout.InfiniteTimeSpan);
        _connection = Context.ActorOf(LeanMailbox.For(Context.System, PodConnectionActor.Props(_pod.PodName, _pod.Socket, _maxLineBytes, LineDecoding.StatusOnly)), "connection");
    }

    protected override void PostStop()
    {
        _deadline?.Dispose();
        // A probe answers on every path, even when it crashed or was stopped before its connection had closed.
        if (!_done)
            Conclude(ProbeOutcome.ProtocolError, null, "the probe stopped before it had an answer");
        if (_result is not null)
            _requester.Tell(_result);
    }

    protected override void OnReceive(object message)
    {
        if (message is Terminated closed && closed.ActorRef.Equals(_connection))
        {
            // The socket is closed: now the requester may count this probe as finished.
            Context.Stop(Self);
            return;
        }

        if (_done)
            return;
        switch (message)
        {
            case PodConnection.StatusReceived received:
                Reply(ProbeOutcome.Ok, received.Status, _undecodable > 0 ? $"skipped {_undecodable} undecodable line(s)" : null,
                    received.Dialect);
                break;
            case PodConnection.Connected:
                _connected = true;
                break;
            case PodConnection.UndecodableLine bad:
                // Keep reading: the status may still come. Only the first reason is kept (bounded), the rest are counted.
                _undecodable++;
                Diagnostics.SupervisorMetrics.RecordUndecodable("probe");
                _firstUndecodable ??= $"undecodable line at byte {bad.Offset}: {Bounded(bad.Reason)}";
                break;
            case PodConnection.Disconnected disconnected when disconnected.Reason == DisconnectReason.LineTooLong:
                Reply(ProbeOutcome.ProtocolError, null, disconnected.Detail);
                break;
            case PodConnection.Disconnected disconnected when _undecodable > 0:
                Reply(ProbeOutcome.ProtocolError, null, $"{disconnected.Detail} after {UndecodableSummary()}");
                break;
            case PodConnection.Disconnected disconnected:
                Reply(ProbeOutcome.Closed, null, disconnected.Detail);
                break;
            case Deadline when _undecodable > 0:
                Reply(ProbeOutcome.ProtocolError, null,
                    $"no status within {_timeout.TotalMilliseconds:0} ms, only {UndecodableSummary()}");
                break;
            case PodConnection.ConnectFailed failed:
                Reply(ProbeOutcomes.FromConnectError(failed.Error), null, failed.Detail);
                break;
            case Deadline:
                Reply(
                    ProbeOutcome.NoStatus,
                    null,
                    _connected
                        ? $"no status within {_timeout.TotalMilliseconds:0} ms"
                        : $"connect did not complete within {_timeout.TotalMilliseconds:0} ms");
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_requester):
                // Nobody wants the answer any more: stop, and the socket closes with the connection child.
                _done = true;
                _result = null;
                Context.Stop(Self);
                break;
            case Terminated:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Reply(ProbeOutcome outcome, PodStatus? status, string? detail, Dialect? dialect = null)
    {
        Conclude(outcome, status, detail, dialect);
        if (_connection is null)
        {
            Context.Stop(Self);
            return;
        }

        Context.Watch(_connection);
        Context.Stop(_connection);
    }

    /// <summary>Fixes the answer; the asker learns it now, the requester once the socket is closed (PostStop).</summary>
    private void Conclude(ProbeOutcome outcome, PodStatus? status, string? detail, Dialect? dialect = null)
    {
        _done = true;
        var latency = Stopwatch.GetElapsedTime(_startedAt);
        _result = new ProbeResult(_pod.PodName, _pod.Socket, _pod.Pid, outcome, status, latency, detail, DateTimeOffset.UtcNow,
            dialect);
        _alsoTell?.Tell(_result);
    }

    private string UndecodableSummary() => $"{_undecodable} undecodable line(s); the first: {_firstUndecodable}";

    /// <summary>A decoder's reason can quote the line; a detail stays short.</summary>
    private static string Bounded(string reason) => reason.Length <= 200 ? reason : string.Concat(reason.AsSpan(0, 200), "…");
}
