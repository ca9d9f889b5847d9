using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary><c>peer_registered</c>: Reply to <c>register_peer</c>; a raw serde_json::Value.</summary>
public sealed record PeerRegisteredEvent(JToken Result) : Event
{
    public const string WireName = "peer_registered";

    public override string Name => WireName;
}
