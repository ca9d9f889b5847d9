using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary><c>pod_restored</c>: Reply to <c>restore_pod</c>; a raw serde_json::Value.</summary>
public sealed record PodRestoredEvent(JToken Result) : Event
{
    public const string WireName = "pod_restored";

    public override string Name => WireName;
}
