using Yoi.Actors.Protocol;

namespace Yoi.Actors.Probing;

/// <summary>The answer to one probe of one pod.</summary>
public sealed record ProbeResult(
    string Pod,
    string Socket,
    int Pid,
    ProbeOutcome Outcome,
    PodStatus? Status,
    TimeSpan Latency,
    string? Detail,
    DateTimeOffset At)
{
    public bool Reachable => Outcome.IsReachable();
}
