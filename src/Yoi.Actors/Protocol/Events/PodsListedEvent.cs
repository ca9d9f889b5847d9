using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary><c>pods_listed</c>: Reply to <c>list_pods</c>; a raw serde_json::Value.</summary>
public sealed record PodsListedEvent(JToken Pods) : Event
{
    public const string WireName = "pods_listed";

    public override string Name => WireName;
}
