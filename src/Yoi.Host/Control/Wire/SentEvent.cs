namespace Yoi.Host.Control.Wire;

/// <summary><c>sent</c>: the method was written to the pod.</summary>
public sealed record SentEvent(string Pod, string Method) : ControlEvent
{
    public override string Name => ControlNames.Sent;
}
