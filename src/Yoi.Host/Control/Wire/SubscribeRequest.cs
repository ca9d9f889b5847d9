namespace Yoi.Host.Control.Wire;

/// <summary><c>subscribe</c>: the current view, then every fleet change and cycle.</summary>
public sealed record SubscribeRequest : ControlRequest
{
    public override string Method => ControlNames.Subscribe;

    public override bool Streams => true;
}
