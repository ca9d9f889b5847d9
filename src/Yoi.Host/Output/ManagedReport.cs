namespace Yoi.Host.Output;

/// <summary>A managed pod's process as the CLI shows it (the <c>managed</c> object of a fleet row).</summary>
/// <param name="State">starting, running, backoff, stopping, stopped, exited or fatal.</param>
/// <param name="Pid">The live process, null when none runs.</param>
/// <param name="Restarts">Starts after the first.</param>
/// <param name="UptimeS">Seconds since the current process started, null when none runs.</param>
/// <param name="LastExit">How the last process ended, if one did.</param>
/// <param name="NextStartAt">In backoff: when the next start is due.</param>
/// <param name="Reason">Why it is in this state, for a person.</param>
/// <param name="Adopted">The process was found running and adopted, not started by this supervisor.</param>
public sealed record ManagedReport(
    string State,
    int? Pid,
    int Restarts,
    double? UptimeS,
    ExitReport? LastExit,
    DateTimeOffset? NextStartAt,
    string? Reason,
    bool Adopted = false);
