using Yoi.Actors.Connections;

namespace Yoi.Actors.Probing;

public static class ProbeOutcomes
{
    public static string ToWireName(this ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Ok => "ok",
        ProbeOutcome.NoStatus => "no-status",
        ProbeOutcome.Closed => "closed",
        ProbeOutcome.Refused => "refused",
        ProbeOutcome.Missing => "missing",
        ProbeOutcome.Denied => "denied",
        ProbeOutcome.Stale => "stale",
        ProbeOutcome.ProtocolError => "protocol-error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>The outcome of a probe whose connect failed. Out of descriptors the pod was not tried at all, so it is no
    /// verdict on the pod's socket: the supervisor's own stream is unusable (<c>protocol-error</c>).</summary>
    public static ProbeOutcome FromConnectError(ConnectError error) => error switch
    {
        ConnectError.Missing => ProbeOutcome.Missing,
        ConnectError.Denied => ProbeOutcome.Denied,
        ConnectError.NoDescriptor => ProbeOutcome.ProtocolError,
        _ => ProbeOutcome.Refused,
    };

    /// <summary>Reachable means something listens and accepted us: ok, no-status and closed.</summary>
    public static bool IsReachable(this ProbeOutcome outcome) =>
        outcome is ProbeOutcome.Ok or ProbeOutcome.NoStatus or ProbeOutcome.Closed;
}
