namespace Yoi.Host.Control.Wire;

/// <summary><c>watch</c>: attach to a pod and stream its events.</summary>
public sealed record WatchRequest(string Pod) : ControlRequest
{
    public override string Method => ControlNames.Watch;

    public override bool Streams => true;
}
