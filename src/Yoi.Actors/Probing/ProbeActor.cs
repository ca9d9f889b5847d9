using System.Diagnostics;
using Akka.Actor;
using Yoi.Actors.Connections;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Probing;

/// <summary>
/// One probe of one pod; its lifetime is the probe. It connects (through a child <see cref="PodConnectionActor"/>, which
/// owns the socket), waits for the first <c>snapshot</c> or <c>status</c> until the deadline, replies one
/// <see cref="ProbeResult"/> to the requester and stops — and the socket goes with it. Every path ends that way: reply,
/// deadline, connect error, peer close, garbage, a crash (PostStop still replies), or the requester dying (no reply).
/// </summary>
public sealed class ProbeActor : UntypedActor, IWithTimers
{
    private sealed record Deadline
    {
        public static Deadline Instance { get; } = new();
    }

    private readonly PodAllocation _pod;
    private readonly IActorRef _requester;
    private readonly TimeSpan _timeout;
    private readonly int _maxLineBytes;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private bool _connected;
    private bool _done;

    public ProbeActor(PodAllocation pod, IActorRef requester, TimeSpan timeout, int maxLineBytes)
    {
        _pod = pod;
        _requester = requester;
        _timeout = timeout;
        _maxLineBytes = maxLineBytes;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PodAllocation pod, IActorRef requester, TimeSpan timeout, int maxLineBytes) =>
        Akka.Actor.Props.Create(() => new ProbeActor(pod, requester, timeout, maxLineBytes));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        Context.Watch(_requester);
        if (!ProcessLiveness.IsAlive(_pod.Pid))
        {
            Reply(ProbeOutcome.Stale, null, $"pid {_pod.Pid} is not running");
            return;
        }

        Timers.StartSingleTimer(Deadline.Instance, Deadline.Instance, _timeout);
        Context.ActorOf(PodConnectionActor.Props(_pod.PodName, _pod.Socket, _maxLineBytes), "connection");
    }

    protected override void PostStop()
    {
        // A probe answers on every path, even when it crashed.
        if (!_done)
            Reply(ProbeOutcome.ProtocolError, null, "the probe stopped before it had an answer");
    }

    protected override void OnReceive(object message)
    {
        if (_done)
            return;
        switch (message)
        {
            case PodConnection.Received received:
                foreach (var item in received.Events)
                {
                    var status = item.Event switch
                    {
                        SnapshotEvent snapshot => snapshot.Status,
                        StatusEvent statusEvent => statusEvent.Status,
                        _ => (PodStatus?)null,
                    };
                    if (status is not null)
                    {
                        Reply(ProbeOutcome.Ok, status, null);
                        return;
                    }
                }

                break;
            case PodConnection.Connected:
                _connected = true;
                break;
            case PodConnection.UndecodableLine bad:
                Reply(ProbeOutcome.ProtocolError, null, $"undecodable line at byte {bad.Offset}: {bad.Reason}");
                break;
            case PodConnection.Disconnected disconnected:
                Reply(
                    disconnected.Reason == DisconnectReason.LineTooLong ? ProbeOutcome.ProtocolError : ProbeOutcome.Closed,
                    null,
                    disconnected.Detail);
                break;
            case PodConnection.ConnectFailed failed:
                Reply(
                    failed.Error switch
                    {
                        ConnectError.Missing => ProbeOutcome.Missing,
                        ConnectError.Denied => ProbeOutcome.Denied,
                        _ => ProbeOutcome.Refused,
                    },
                    null,
                    failed.Detail);
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
                Context.Stop(Self);
                break;
            case Terminated:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Reply(ProbeOutcome outcome, PodStatus? status, string? detail)
    {
        _done = true;
        var latency = Stopwatch.GetElapsedTime(_startedAt);
        _requester.Tell(new ProbeResult(_pod.PodName, _pod.Socket, _pod.Pid, outcome, status, latency, detail, DateTimeOffset.UtcNow));
        Context.Stop(Self);
    }
}
