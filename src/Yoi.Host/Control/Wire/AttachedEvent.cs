namespace Yoi.Host.Control.Wire;

/// <summary><c>attached</c>: the connection to the pod is up; its events follow.</summary>
public sealed record AttachedEvent(string Pod) : ControlEvent
{
    public override string Name => ControlNames.Attached;
}
