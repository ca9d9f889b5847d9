namespace Yoi.Host.Control.Wire;

/// <summary><c>undecodable</c>: a line of the pod's stream that was skipped.</summary>
public sealed record UndecodableEvent(string Pod, long Offset, string Reason) : ControlEvent
{
    public override string Name => ControlNames.Undecodable;
}
