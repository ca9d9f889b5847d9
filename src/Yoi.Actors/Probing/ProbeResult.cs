using Yoi.Actors.Protocol;

namespace Yoi.Actors.Probing;

/// <summary>The answer to one probe of one pod. <c>Dialect</c>: the one its snapshot's greeting spoke, when the status
/// came with a snapshot.</summary>
public sealed record ProbeResult(
    string Pod,
    string Socket,
    int Pid,
    ProbeOutcome Outcome,
    PodStatus? Status,
    TimeSpan Latency,
    string? Detail,
    DateTimeOffset At,
    Dialect? Dialect = null)
{
    public bool Reachable => Outcome.IsReachable();
}
