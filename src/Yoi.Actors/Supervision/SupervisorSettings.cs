using Yoi.Actors.Framing;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Supervision;

/// <summary>Probe policy and limits (Kubernetes-probe style). Defaults as design §3.</summary>
public sealed record SupervisorSettings
{
    public required string RuntimeDir { get; init; }
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Consecutive failures before a pod counts as unhealthy.</summary>
    public int FailureThreshold { get; init; } = 3;
    /// <summary>Consecutive successes before an unhealthy pod counts as healthy again.</summary>
    public int SuccessThreshold { get; init; } = 1;
    public int MaxLineBytes { get; init; } = LineFramer.DefaultMaxLineBytes;
    public TimeSpan RegistryLockTimeout { get; init; } = PodRegistry.DefaultLockTimeout;
    /// <summary>The bound of each session subscriber's backlog (see <see cref="Sessions.PodSession.Ack"/>).</summary>
    public long MaxBacklogBytes { get; init; } = Sessions.PodSession.DefaultMaxBacklogBytes;
    /// <summary>How many recent probe latencies each pod keeps.</summary>
    public int LatencyHistory { get; init; } = 64;

    /// <summary>The pods this supervisor starts and keeps alive (empty: it only watches).</summary>
    public IReadOnlyList<Managed.ManagedPodSpec> Managed { get; init; } = [];

    /// <summary>Whether this process becomes a child subreaper while it manages pods, reaping their groups' orphans
    /// (<see cref="Managed.ManagedPodTimings.Subreaper"/>; the <c>run</c> daemon sets it).</summary>
    public bool ManagedSubreaper { get; init; }

    /// <summary>The June runtime's registry (the poller reads <c>workers.json</c> beside it too).</summary>
    public string RegistryPath => PodRegistry.PathIn(RuntimeDir);
}
