namespace Yoi.Actors.Protocol;

/// <summary><c>internal_worker_removed</c> (worker dialect): an internal worker is gone.</summary>
public sealed record InternalWorkerRemovedEvent(InternalWorkerRef Worker, long Revision) : Event
{
    public const string WireName = "internal_worker_removed";

    public override string Name => WireName;
}
