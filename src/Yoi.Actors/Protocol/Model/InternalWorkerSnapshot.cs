namespace Yoi.Actors.Protocol;

/// <summary>
/// The state of a parent-owned internal worker in a <c>snapshot</c> (worker dialect). <c>Entries</c> are raw
/// serde_json::Values; <c>status</c> defaults to idle on input; a null <c>Error</c>, a null or empty <c>InFlight</c> and a
/// null or empty <c>InternalWorkers</c> are omitted on the wire.
/// </summary>
public sealed record InternalWorkerSnapshot(
    InternalWorkerRef Worker,
    long Revision,
    IReadOnlyList<Newtonsoft.Json.Linq.JToken> Entries,
    PodStatus Status,
    string? Error,
    InFlightSnapshot? InFlight,
    IReadOnlyList<InternalWorkerSnapshot>? InternalWorkers);
