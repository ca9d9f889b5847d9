namespace Yoi.Actors.Protocol;

/// <summary>
/// <c>snapshot</c>: Sent once per connection. <c>Entries</c> are serde_json::Values (kept raw, sorted keys on output);
/// <c>status</c> defaults to idle on input. Worker dialect: <c>InFlight</c> and <c>InternalWorkers</c> (null when absent
/// or empty, and then not written).
/// </summary>
public sealed record SnapshotEvent(
    IReadOnlyList<Newtonsoft.Json.Linq.JToken> Entries,
    Greeting Greeting,
    PodStatus Status,
    InFlightSnapshot? InFlight = null,
    IReadOnlyList<InternalWorkerSnapshot>? InternalWorkers = null) : Event
{
    public const string WireName = "snapshot";

    /// <summary>The dialect the pod greeted in (<c>greeting.pod_name</c> vs <c>greeting.worker_name</c>).</summary>
    public Dialect Dialect => Greeting.Dialect;

    public override string Name => WireName;
}
