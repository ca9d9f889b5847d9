using Akka.Actor;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Supervision;

/// <summary>The messages <see cref="PodSupervisor"/> answers and publishes.</summary>
public static class Fleet
{
    // ---- requests ----

    /// <summary>Probe one pod now (reuses an in-flight probe of it). Reply: <see cref="ProbeResult"/>, or <see cref="UnknownPod"/>.</summary>
    public sealed record ProbePod(string PodName);

    /// <summary>Re-read the registry and probe every pod now. Reply: <see cref="CycleCompleted"/> when every probe of the cycle answered.</summary>
    public sealed record ProbeAll
    {
        public static ProbeAll Instance { get; } = new();
    }

    /// <summary>Reply: <see cref="View"/>.</summary>
    public sealed record GetView
    {
        public static GetView Instance { get; } = new();
    }

    /// <summary>Attach <paramref name="Subscriber"/> to a long-lived session with the pod (created on first use).
    /// Reply: <see cref="Attached"/> or <see cref="AttachFailed"/>; then the subscriber gets the session's events.</summary>
    public sealed record Attach(string PodName, IActorRef Subscriber);

    /// <summary>Send one method to a pod over a one-shot connection (a session that ends after the acknowledgement).
    /// Replies the pod gives only to the asking socket (<c>list_completions</c>) are lost this way: send through an
    /// attached session (<see cref="Attached.Session"/>, <see cref="Sessions.PodSession.Send"/>) to see them.
    /// Reply: <see cref="Sessions.PodSession.Sent"/> or <see cref="Sessions.PodSession.SendFailed"/>, or <see cref="UnknownPod"/>.
    /// Requests that name a pod, sent before the supervisor's first registry read, wait for it.</summary>
    public sealed record SendMethod(string PodName, Method Method);

    /// <summary>Publish fleet changes to <paramref name="Subscriber"/> (watched; removed when it dies). Reply: the current <see cref="View"/>.</summary>
    public sealed record Subscribe(IActorRef Subscriber);

    public sealed record Unsubscribe(IActorRef Subscriber);

    // ---- replies ----

    public sealed record UnknownPod(string PodName, string Reason);

    public sealed record CycleCompleted(IReadOnlyList<ProbeResult> Results, DateTimeOffset At, string? RegistryError);

    /// <summary>The fleet as the supervisor sees it. <paramref name="RegistryError"/>: the last registry read failed (the pods are the last good view).</summary>
    public sealed record View(
        IReadOnlyList<PodState> Pods,
        DateTimeOffset At,
        string? RegistryError,
        int OpenConnections,
        long Cycles);

    public sealed record Attached(string PodName, IActorRef Session);

    public sealed record AttachFailed(string PodName, string Reason);

    // ---- published to subscribers ----

    public abstract record Change(string PodName);

    public sealed record PodAppeared(string PodName, PodState State) : Change(PodName);

    public sealed record PodDisappeared(string PodName) : Change(PodName);

    public sealed record StatusChanged(string PodName, PodStatus? From, PodStatus? To, PodState State) : Change(PodName);

    public sealed record ReachabilityChanged(string PodName, bool Reachable, ProbeOutcome Outcome, PodState State) : Change(PodName);

    /// <summary>Published after every poll cycle, so a panel can redraw even when nothing changed.</summary>
    public sealed record CycleFinished(View View) : Change("");
}
