namespace Yoi.Actors.Protocol;

/// <summary><c>status</c>: The pod controller's status changed.</summary>
public sealed record StatusEvent(PodStatus Status) : Event
{
    public const string WireName = "status";

    public override string Name => WireName;
}
