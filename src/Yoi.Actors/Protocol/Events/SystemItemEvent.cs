using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary><c>system_item</c>: An agent-injected system item was committed. <c>Item</c> is a serde_json::Value: kept raw, written with sorted keys.</summary>
public sealed record SystemItemEvent(JToken Item) : Event
{
    public const string WireName = "system_item";

    public override string Name => WireName;
}
