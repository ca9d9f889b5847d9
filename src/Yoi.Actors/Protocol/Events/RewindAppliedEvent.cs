using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary><c>rewind_applied</c>: A rewind truncated the session. <c>Entries</c> are raw serde_json::Values.</summary>
public sealed record RewindAppliedEvent(IReadOnlyList<JToken> Entries, IReadOnlyList<Segment> Input, RewindSummary Summary) : Event
{
    public const string WireName = "rewind_applied";

    public override string Name => WireName;
}
