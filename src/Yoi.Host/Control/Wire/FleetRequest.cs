namespace Yoi.Host.Control.Wire;

/// <summary><c>fleet</c>: the supervisor's current view, no new probe.</summary>
public sealed record FleetRequest : ControlRequest
{
    public override string Method => ControlNames.Fleet;
}
