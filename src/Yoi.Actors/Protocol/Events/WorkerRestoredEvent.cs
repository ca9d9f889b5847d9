namespace Yoi.Actors.Protocol;

/// <summary><c>worker_restored</c> (worker dialect): reply to <c>restore_worker</c>; a raw serde_json::Value. The pod
/// dialect's <see cref="PodRestoredEvent"/>.</summary>
public sealed record WorkerRestoredEvent(Newtonsoft.Json.Linq.JToken Result) : Event
{
    public const string WireName = "worker_restored";

    public override string Name => WireName;
}
