namespace Yoi.Actors.Protocol;

/// <summary><c>internal_worker</c> (worker dialect): an event of a parent-owned internal worker, wrapped; the inner
/// <c>Event</c> is a complete event and may nest further.</summary>
public sealed record InternalWorkerEvent(InternalWorkerRef Worker, long Revision, Event Event) : Event
{
    public const string WireName = "internal_worker";

    public override string Name => WireName;
}
