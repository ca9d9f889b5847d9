namespace Yoi.Host.Control.Wire;

/// <summary><c>pod_event</c>: <paramref name="Line"/> is the exact line the pod sent, <paramref name="Event"/> its name.</summary>
public sealed record PodLineEvent(string Pod, string Event, string Line) : ControlEvent
{
    public override string Name => ControlNames.PodEvent;
}
