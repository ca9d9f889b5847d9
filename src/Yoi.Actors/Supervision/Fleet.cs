using Akka.Actor;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Supervision;

/// <summary>The messages <see cref="PodSupervisor"/> answers and publishes. Requests sent before its first registry read
/// wait for it (<see cref="ProbeAll"/> joins it), so "unknown pod" never means "not read yet" and no view is empty for
/// that reason.</summary>
public static class Fleet
{
    // ---- requests ----

    /// <summary>Probe one pod now (reuses an in-flight probe of it). Reply: <see cref="ProbeResult"/>, straight from the
    /// probe as soon as it knows; with <paramref name="WithView"/>, <see cref="PodProbed"/> once the supervisor has taken
    /// the result in (so its view shows it). Or <see cref="UnknownPod"/>.</summary>
    public sealed record ProbePod(string PodName, bool WithView = false);

    /// <summary>Re-read the registry and probe every pod now. Reply: <see cref="CycleCompleted"/> when every probe of
    /// the cycle answered. Sent before the first registry read, it joins that read's cycle.</summary>
    public sealed record ProbeAll
    {
        public static ProbeAll Instance { get; } = new();
    }

    /// <summary>Reply: <see cref="View"/>, once the registry has been read.</summary>
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
    /// Reply: <see cref="Sessions.PodSession.Sent"/> or <see cref="Sessions.PodSession.SendFailed"/>, or <see cref="UnknownPod"/>,
    /// each carrying <paramref name="CorrelationId"/>: two sends to one pod go through two connections and can be
    /// answered in either order.</summary>
    public sealed record SendMethod(string PodName, Method Method, object? CorrelationId = null);

    /// <summary>Publish fleet changes to <paramref name="Subscriber"/> (watched; removed when it dies). Reply: the current <see cref="View"/>.</summary>
    public sealed record Subscribe(IActorRef Subscriber);

    public sealed record Unsubscribe(IActorRef Subscriber);

    // ---- replies ----

    /// <summary><paramref name="CorrelationId"/>: that of the <see cref="SendMethod"/> answered, if it was one.</summary>
    public sealed record UnknownPod(string PodName, string Reason, object? CorrelationId = null);

    /// <summary>The results of one cycle, and the view as it stood when the cycle completed.</summary>
    public sealed record CycleCompleted(IReadOnlyList<ProbeResult> Results, DateTimeOffset At, string? RegistryError, View View);

    /// <summary>The reply to <see cref="ProbePod"/> with a view: the result, and the view that already counts it.</summary>
    public sealed record PodProbed(ProbeResult Result, View View);

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

    /// <summary>A managed pod's process changed state (<c>process_state</c> on the control protocol).</summary>
    public sealed record ProcessStateChanged(string PodName, Managed.Managed.ProcessStateChanged Transition, PodState State) : Change(PodName);

    /// <summary>Published after every poll cycle, so a panel can redraw even when nothing changed.</summary>
    public sealed record CycleFinished(View View) : Change("");
}
