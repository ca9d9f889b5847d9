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
    IReadOnlyList<double> RecentLatenciesMs)
{
    /// <summary><c>pod</c> or <c>worker</c>: the dialect of its registry file.</summary>
    public string Dialect { get; init; } = "pod";

    /// <summary>The dialect its snapshot's greeting spoke, when one came; differing from <see cref="Dialect"/> is a mismatch.</summary>
    public string? GreetedDialect { get; init; }

    public bool DialectMismatch => GreetedDialect is not null && GreetedDialect != Dialect;

    /// <summary>Its name is in both <c>pods.json</c> and <c>workers.json</c> (two rows, never merged).</summary>
    public bool NameInBothFiles { get; init; }

    /// <summary>The cluster node that owns it (<c>status --cluster</c>, control <c>"cluster": true</c>); null otherwise.</summary>
    public string? Node { get; init; }

    /// <summary>When its node was last seen, once the node is unreachable or down (its row then shows the last view).</summary>
    public DateTimeOffset? LastSeen { get; init; }
    /// <summary>Its process, when it is one of the supervisor's managed pods; null for the others.</summary>
    public ManagedReport? Managed { get; init; }
}
