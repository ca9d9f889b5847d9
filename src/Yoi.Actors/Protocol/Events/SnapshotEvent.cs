using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary><c>snapshot</c>: Sent once per connection. <c>Entries</c> are serde_json::Values (kept raw, sorted keys on output); <c>status</c> defaults to idle on input.</summary>
public sealed record SnapshotEvent(IReadOnlyList<JToken> Entries, Greeting Greeting, PodStatus Status) : Event
{
    public const string WireName = "snapshot";

    public override string Name => WireName;
}
