namespace Yoi.Actors.Managed;

/// <summary>A managed pod's process as its owner reports it (an immutable snapshot; the <c>managed</c> columns of
/// <c>status</c>).</summary>
/// <param name="Pid">The live process, or null when none runs (backoff, stopped, exited, fatal).</param>
/// <param name="Restarts">Starts after the first, since the supervisor started (or since <c>start</c> after fatal).</param>
/// <param name="StartedAt">When the current process started (uptime), null when none runs.</param>
/// <param name="LastExit">How the last process ended, if one did.</param>
/// <param name="NextStartAt">In <see cref="ManagedState.Backoff"/>: when the next start is due.</param>
/// <param name="Reason">Why it is in this state, for a person ("exited with exit 1", "hung: 3 failed probes",
/// "cannot execute /opt/bin/x: No such file or directory", "5 restarts within 60 s", "adopted pid 123").</param>
/// <param name="Adopted">The process was found running (started by an earlier supervisor) and adopted, not spawned.</param>
public sealed record ManagedPodStatus(
    string Name,
    ManagedState State,
    int? Pid,
    int Restarts,
    DateTimeOffset? StartedAt,
    ManagedExit? LastExit,
    DateTimeOffset? NextStartAt,
    string? Reason,
    bool Adopted = false)
{
    public TimeSpan? Uptime(DateTimeOffset now) => StartedAt is { } at && Pid is not null ? now - at : null;
}
