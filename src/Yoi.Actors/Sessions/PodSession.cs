using Akka.Actor;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Sessions;

/// <summary>Messages of <see cref="PodSessionActor"/>: a long-lived attachment to one pod.</summary>
public static class PodSession
{
    public sealed record Subscribe(IActorRef Subscriber);

    public sealed record Unsubscribe(IActorRef Subscriber);

    /// <summary>Send one method; the sender gets <see cref="Sent"/> or <see cref="SendFailed"/>, carrying
    /// <paramref name="CorrelationId"/> back so that a sender with several sends under way can tell the replies apart.</summary>
    public sealed record Send(Method Method, object? CorrelationId = null);

    public sealed record Sent(string PodName, string Method, object? CorrelationId = null);

    public sealed record SendFailed(string PodName, string Method, string Reason, object? CorrelationId = null);

    /// <summary>Events in the order the pod sent them; batched for throughput.</summary>
    public sealed record EventsReceived(string PodName, IReadOnlyList<ReceivedEvent> Events);

    /// <summary>A line of the pod's stream could not be decoded; it was skipped.</summary>
    public sealed record UndecodableLine(string PodName, long Offset, string Reason);

    /// <summary>The session is over (pod went away, stream unusable, …). The last message a subscriber gets.</summary>
    public sealed record Detached(string PodName, string Reason);
}
