using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary><c>segment_rotated</c>: The session log rotated; <c>Entry</c> is a raw serde_json::Value.</summary>
public sealed record SegmentRotatedEvent(JToken Entry) : Event
{
    public const string WireName = "segment_rotated";

    public override string Name => WireName;
}
