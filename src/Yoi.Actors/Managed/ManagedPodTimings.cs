namespace Yoi.Actors.Managed;

/// <summary>The supervisor-wide knobs of managed pods that are not per-pod configuration.</summary>
/// <param name="ProbeTimeout">Each readiness probe's deadline (the supervisor's probe timeout).</param>
/// <param name="TailInterval">How often a starting pod's stderr log is read for its ready line when inotify is
/// unavailable (else it is read each time it is written: see <see cref="Logs.LogWatch"/>).</param>
/// <param name="ProbeRetryInterval">Between readiness probes of a pod whose ready line came but whose socket did not
/// answer yet.</param>
/// <param name="LogCheckInterval">The least time between two rotation checks of a pod's log files (they are checked
/// only after they were written: inotify; every interval when inotify is unavailable).</param>
public sealed record ManagedPodTimings(
    TimeSpan ProbeTimeout,
    int MaxLineBytes,
    TimeSpan TailInterval,
    TimeSpan ProbeRetryInterval,
    TimeSpan LogCheckInterval)
{
    /// <summary>Make this process a child subreaper while the pods are managed, and reap the orphans of their process
    /// groups (<see cref="Native.OrphanReaper"/>). Process-wide: the <c>run</c> host sets it; a library user that
    /// starts other processes whose orphans should go to init leaves it off.</summary>
    public bool Subreaper { get; init; }

    public static ManagedPodTimings Default { get; } = new(
        TimeSpan.FromMilliseconds(200), Framing.LineFramer.DefaultMaxLineBytes, TimeSpan.FromMilliseconds(10),
        TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(1));
}
