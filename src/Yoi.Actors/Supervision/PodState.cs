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
}
