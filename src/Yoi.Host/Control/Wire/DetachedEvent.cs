namespace Yoi.Host.Control.Wire;

/// <summary><c>detached</c>: the stream is over; <paramref name="Reason"/> says why (<c>lagged</c> for a client that
/// fell too far behind, with <paramref name="Detail"/> saying how far). <paramref name="Pod"/> is null for a
/// <c>subscribe</c> stream.</summary>
public sealed record DetachedEvent(string? Pod, string Reason, string? Detail = null) : ControlEvent
{
    public override string Name => ControlNames.Detached;
}
