using Akka.Actor;

namespace Yoi.Actors.Supervision;

/// <summary>The fleet: polls the registry, probes every live pod, keeps per-pod state, serves <see cref="Fleet"/> requests. CONTRACT STUB.</summary>
public sealed class PodSupervisor : ReceiveActor
{
    public const string DefaultName = "supervisor";

    public static Props Props(SupervisorSettings settings) => Akka.Actor.Props.Create(() => new PodSupervisor(settings));

    public PodSupervisor(SupervisorSettings settings)
    {
        _ = settings;
    }
}
