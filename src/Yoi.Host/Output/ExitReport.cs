using System.Globalization;

namespace Yoi.Host.Output;

/// <summary>How a managed pod's process ended: <c>{code, signal, at}</c> on the wire.</summary>
public sealed record ExitReport(int? Code, int? Signal, DateTimeOffset At)
{
    /// <summary>"exit 1", "signal 9 (SIGKILL)".</summary>
    public override string ToString() => Signal is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"signal {s}{Actors.Managed.SignalNames.Suffix(s)}")
        : string.Create(CultureInfo.InvariantCulture, $"exit {Code}");
}
