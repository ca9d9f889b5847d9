using Yoi.Host.Output;

namespace Yoi.Host.Control.Wire;

/// <summary><c>fleet</c> (the reply to fleet, probe and subscribe) or, with <paramref name="Cycle"/>, <c>cycle</c>
/// (streamed after every poll cycle to subscribers).</summary>
public sealed record FleetEvent(FleetReport Fleet, bool Cycle = false) : ControlEvent
{
    public override string Name => Cycle ? ControlNames.Cycle : ControlNames.Fleet;
}
