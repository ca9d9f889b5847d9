using Akka.Actor;

namespace Yoi.Actors.Managed;

/// <summary>The messages of the managed pods: requests the supervisor forwards to its <c>ManagedPods</c> child, and
/// what it publishes. Each managed pod has one owner (<c>ManagedPodActor</c>) of its process, its process group and
/// its log files; stopping that actor stops the process (unless <see cref="OnExitPolicy.Keep"/> at supervisor shutdown).</summary>
public static class Managed
{
    // ---- requests (to the PodSupervisor, which forwards them) ----

    /// <summary>Start a pod that is stopped, exited, in backoff (now, without waiting) or fatal (resets the restart
    /// budget). Reply: <see cref="Done"/> once it is <c>starting</c> (or already starting/running), or <see cref="Refused"/>.</summary>
    public sealed record Start(string Name);

    /// <summary>Stop it (shutdown method, SIGINT, SIGTERM, SIGKILL after the grace) and keep it stopped.
    /// Reply: <see cref="Done"/> once the process is reaped (state <c>stopped</c>), or <see cref="Refused"/>.</summary>
    public sealed record Stop(string Name);

    /// <summary>Stop it, then start it (the restart budget is not charged). Reply: <see cref="Done"/> once the new
    /// process is <c>starting</c>, or <see cref="Refused"/>.</summary>
    public sealed record Restart(string Name);

    /// <summary>Apply a new configuration: start added pods, stop removed ones, restart changed ones, leave the rest.
    /// Reply: <see cref="Reloaded"/>.</summary>
    public sealed record Reload(IReadOnlyList<ManagedPodSpec> Pods);

    /// <summary>Reply: <see cref="States"/>.</summary>
    public sealed record GetStates
    {
        public static GetStates Instance { get; } = new();
    }

    /// <summary>The supervisor is shutting down: stop every pod whose <c>on_exit</c> is <c>stop</c> (as <see cref="Stop"/>
    /// does) and leave the <c>keep</c> ones running for the next supervisor to adopt. Reply: <see cref="AllStopped"/>
    /// once every pod is stopped or detached; later requests are refused. The <c>ManagedPods</c> actor also runs this
    /// itself in the actor system's coordinated shutdown (phase <c>service-stop</c>), so terminating the system is enough.</summary>
    public sealed record StopAll
    {
        public static StopAll Instance { get; } = new();
    }

    // ---- replies ----

    public sealed record Done(string Name, ManagedPodStatus Status);

    /// <summary><paramref name="Reason"/> for a person: "no managed pod named x", "x is stopping".</summary>
    public sealed record Refused(string Name, string Reason);

    public sealed record Reloaded(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, int Unchanged);

    public sealed record States(IReadOnlyList<ManagedPodStatus> Pods);

    /// <summary>The reply to <see cref="StopAll"/>: the pods stopped, and those left running (<c>on_exit: keep</c>).</summary>
    public sealed record AllStopped(IReadOnlyList<string> Stopped, IReadOnlyList<string> Kept);

    // ---- published (ManagedPods → PodSupervisor, which folds them into its view and publishes a fleet change) ----

    /// <summary>One transition of one managed pod.</summary>
    public sealed record ProcessStateChanged(string Name, ManagedState? From, ManagedState To, int? Pid, ManagedExit? Exit, string? Reason, ManagedPodStatus Status);

    /// <summary>A pod removed by a reload is gone (its process stopped, its owner ended): it has no row any more.</summary>
    public sealed record Removed(string Name);
}
