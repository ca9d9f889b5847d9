namespace Yoi.Host.Control.Wire;

/// <summary><c>fleet</c>: the supervisor's current view, no new probe.</summary>
public sealed record FleetRequest : ControlRequest
{
    public override string Method => ControlNames.Fleet;

    /// <summary><c>"cluster": true</c>: the whole cluster's view (every node's pods, each row with its <c>node</c>).</summary>
    public bool Cluster { get; init; }
}
