namespace Yoi.Host.Output;

/// <summary>One pod as the CLI shows it. The first eight fields are the <c>status --json</c> pod object (design §4);
/// the rest feed the panel.</summary>
public sealed record PodReport(
    string Name,
    string Socket,
    int Pid,
    string? Outcome,
    bool Reachable,
    string? Status,
    double? LatencyMs,
    string? Detail,
    bool Healthy,
    int ConsecutiveFailures,
    DateTimeOffset? LastChange,
    long Probes,
    long Overruns,
    IReadOnlyList<double> RecentLatenciesMs);
