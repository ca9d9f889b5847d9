namespace Yoi.Actors.Protocol;

/// <summary><c>workers_listed</c> (worker dialect): reply to <c>list_workers</c>; a raw serde_json::Value. The pod
/// dialect's <see cref="PodsListedEvent"/>.</summary>
public sealed record WorkersListedEvent(Newtonsoft.Json.Linq.JToken Workers) : Event
{
    public const string WireName = "workers_listed";

    public override string Name => WireName;
}
