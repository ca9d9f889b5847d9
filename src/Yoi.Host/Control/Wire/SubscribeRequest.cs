namespace Yoi.Host.Control.Wire;

/// <summary><c>subscribe</c>: the current view, then every fleet change and cycle.</summary>
public sealed record SubscribeRequest : ControlRequest
{
    public override string Method => ControlNames.Subscribe;

    public override bool Streams => true;

    /// <summary><c>"cluster": true</c>: the whole cluster, its snapshot at every change (every node's pods, each row with its <c>node</c>).</summary>
    public bool Cluster { get; init; }
}
