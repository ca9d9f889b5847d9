using Akka.Actor;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Sessions;

/// <summary>Messages of <see cref="PodSessionActor"/>: a long-lived attachment to one pod.</summary>
public static class PodSession
{
    /// <summary>The reason of the <see cref="Detached"/> a subscriber gets when its backlog passed the session's bound.</summary>
    public const string LaggedReason = "lagged";

    /// <summary>The default bound of one subscriber's backlog: event bytes delivered but not yet <see cref="Ack"/>ed.</summary>
    public const long DefaultMaxBacklogBytes = 8L * 1024 * 1024;

    public sealed record Subscribe(IActorRef Subscriber);

    public sealed record Unsubscribe(IActorRef Subscriber);

    /// <summary>Send one method; the sender gets <see cref="Sent"/> or <see cref="SendFailed"/>, carrying
    /// <paramref name="CorrelationId"/> back so that a sender with several sends under way can tell the replies apart.</summary>
    public sealed record Send(Method Method, object? CorrelationId = null);

    public sealed record Sent(string PodName, string Method, object? CorrelationId = null);

    public sealed record SendFailed(string PodName, string Method, string Reason, object? CorrelationId = null)
    {
        /// <summary>The method has no equivalent in the pod's dialect: nothing was written (a bad request, not a
        /// failing pod).</summary>
        public bool DialectMismatch { get; init; }

        /// <summary>The refusal of a method with no equivalent in <paramref name="dialect"/>, or null when it has one.</summary>
        public static SendFailed? Refusal(string podName, Protocol.Method method, Protocol.Dialect dialect, object? correlationId)
        {
            try
            {
                Protocol.MethodCodec.Encode(method, dialect);
                return null;
            }
            catch (Protocol.DialectMismatchException e)
            {
                return new SendFailed(podName, method.Name, $"{e.Message} (the dialect {Registry.PodNames.Escape(podName)} speaks): nothing was sent", correlationId)
                {
                    DialectMismatch = true,
                };
            }
        }
    }

    /// <summary>To subscribers: the connection to the pod is up (sent once, before any event).</summary>
    public sealed record Connected(string PodName);

    /// <summary>Events in the order the pod sent them; batched for throughput. <paramref name="Bytes"/> is what the batch
    /// adds to the subscriber's backlog until it answers <see cref="Ack"/> with it.</summary>
    public sealed record EventsReceived(string PodName, IReadOnlyList<ReceivedEvent> Events, long Bytes = 0);

    /// <summary>From a subscriber: it is done with <paramref name="Bytes"/> of what it was delivered (e.g. written them
    /// out). A subscriber whose unacknowledged bytes pass the bound is detached with <see cref="LaggedReason"/>.</summary>
    public sealed record Ack(long Bytes);

    /// <summary>A line of the pod's stream could not be decoded; it was skipped. Its report counts against the backlog
    /// as a batch does: <paramref name="Bytes"/>, until the subscriber answers <see cref="Ack"/> with it.</summary>
    public sealed record UndecodableLine(string PodName, long Offset, string Reason, long Bytes = 0);

    /// <summary>The session is over for this subscriber (pod went away, stream unusable, subscriber lagged, …). The
    /// last message a subscriber gets. <paramref name="Detail"/> explains a <see cref="LaggedReason"/>.</summary>
    public sealed record Detached(string PodName, string Reason, string? Detail = null);
}
