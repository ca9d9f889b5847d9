namespace Yoi.Actors.Protocol;

/// <summary>
/// <c>worker_event</c> (worker dialect): the pod dialect's <see cref="PodEventMethod"/>. The same four kinds of child
/// report, spelled with <c>worker_name</c>, <c>parent_worker</c>, <c>sub_worker</c> on the wire.
/// </summary>
public sealed record WorkerEventMethod(PodEvent Event) : Method
{
    public const string WireName = "worker_event";

    public override string Name => WireName;
}
