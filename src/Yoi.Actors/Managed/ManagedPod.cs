using Yoi.Actors.Probing;

namespace Yoi.Actors.Managed;

/// <summary>The messages a <see cref="ManagedPodActor"/> receives from its parent (<see cref="ManagedPods"/>), besides
/// the <see cref="Managed"/> requests it answers (<c>Start</c>, <c>Stop</c>, <c>Restart</c>).</summary>
public static class ManagedPod
{
    /// <summary>A probe result of the pod's registry row from the supervisor's poll cycle: liveness is judged on the
    /// supervisor's own probes rather than a second probe of every pod.</summary>
    public sealed record Liveness(ProbeResult Result);

    /// <summary>Removed from the configuration: stop the process as <see cref="Managed.Stop"/> does, then stop the actor.</summary>
    public sealed record Retire
    {
        public static Retire Instance { get; } = new();

        private Retire()
        {
        }
    }

    /// <summary><c>on_exit: keep</c> at supervisor shutdown: leave the process running for the next supervisor to
    /// adopt (the actor's end then closes only its pidfd). Reply: <see cref="Detached"/>.</summary>
    public sealed record Detach
    {
        public static Detach Instance { get; } = new();

        private Detach()
        {
        }
    }

    public sealed record Detached(string Name, int? Pid);
}
