namespace Yoi.Actors.Managed;

/// <summary>How a managed pod's process ended: an exit code, or the signal that killed it.</summary>
public sealed record ManagedExit(int? Code, int? Signal, DateTimeOffset At)
{
    /// <summary>A clean exit (code 0): <c>on-failure</c> does not restart it.</summary>
    public bool Clean => Code == 0 && Signal is null;

    /// <summary>"exit 1", "signal 9 (SIGKILL)"; "an unknown exit" for an adopted process (not our child: its status
    /// went to its real parent).</summary>
    public override string ToString() =>
        Signal is { } s ? $"signal {s}{SignalNames.Suffix(s)}" : Code is { } c ? $"exit {c}" : "an unknown exit";
}
