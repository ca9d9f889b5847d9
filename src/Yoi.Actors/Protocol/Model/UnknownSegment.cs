using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// A segment kind this model does not know (serde's <c>#[serde(other)] Unknown</c>). <see cref="Raw"/> keeps the object as
/// received for callers, but it re-encodes as <c>{"kind":"unknown"}</c>, exactly as the pod echoes it.
/// </summary>
public sealed record UnknownSegment(string ReceivedKind, JObject Raw) : Segment
{
    public const string WireKind = "unknown";

    /// <summary>A segment as serde writes <c>Segment::Unknown</c>.</summary>
    public static UnknownSegment Instance { get; } = new(WireKind, new JObject(new JProperty("kind", WireKind)));

    public override string Kind => ReceivedKind;
}
