using Yoi.Actors.Managed;

namespace Yoi.Host.Output;

/// <summary>Turns the managed pods' statuses into <see cref="ManagedReport"/>s.</summary>
public static class ManagedReports
{
    public static string StateWireName(ManagedState state) => state switch
    {
        ManagedState.Starting => "starting",
        ManagedState.Running => "running",
        ManagedState.Backoff => "backoff",
        ManagedState.Stopping => "stopping",
        ManagedState.Stopped => "stopped",
        ManagedState.Exited => "exited",
        ManagedState.Fatal => "fatal",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static ManagedReport From(ManagedPodStatus status, DateTimeOffset now) => new(
        StateWireName(status.State),
        status.Pid,
        status.Restarts,
        status.Uptime(now) is { } up ? Math.Round(Math.Max(0, up.TotalSeconds), 3) : null,
        From(status.LastExit),
        status.NextStartAt,
        status.Reason,
        status.Adopted);

    public static ExitReport? From(ManagedExit? exit) => exit is null ? null : new ExitReport(exit.Code, exit.Signal, exit.At);
}
