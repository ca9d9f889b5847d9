using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Supervision;

/// <summary>What the supervisor knows of one registered pod (an immutable snapshot).</summary>
public sealed record PodState(
    string Name,
    string Socket,
    int Pid,
    ProbeResult? LastResult,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    bool Healthy,
    DateTimeOffset LastChange,
    IReadOnlyList<TimeSpan> RecentLatencies,
    long Probes,
    long Overruns)
{
    public ProbeOutcome? Outcome => LastResult?.Outcome;
    public PodStatus? Status => LastResult?.Status;
    public bool Reachable => LastResult?.Reachable ?? false;

    /// <summary>The dialect its registry file says it speaks (<c>pods.json</c>: pod, <c>workers.json</c>: worker).</summary>
    public Dialect Dialect { get; init; } = Dialect.Pod;

    /// <summary>The dialect its last snapshot's greeting spoke (<c>pod_name</c> or <c>worker_name</c>), once one came.</summary>
    public Dialect? GreetedDialect { get; init; }

    /// <summary>The greeting contradicts the registry file.</summary>
    public bool DialectMismatch => GreetedDialect is { } greeted && greeted != Dialect;

    /// <summary>The dialect to write to it: the greeting's when it came, else the registry file's.</summary>
    public Dialect SpokenDialect => GreetedDialect ?? Dialect;

    /// <summary>Its name is in both registry files: the fleet has a row for each, never merged.</summary>
    public bool NameInBothFiles { get; init; }

    /// <summary>Its process, when it is one of the supervisor's managed pods (a managed pod has a row whether or not it
    /// is in the registry right now: one that never registered has no socket, pid 0 and no probe result).</summary>
    public Managed.ManagedPodStatus? Managed { get; init; }

    /// <summary>How a request names this row unambiguously: <c>pod:NAME</c> or <c>worker:NAME</c>.</summary>
    public string QualifiedName => $"{Dialect.ToWire()}:{Name}";
}
