namespace Yoi.Actors.Connections;

/// <summary>How much of each line a <see cref="PodConnectionActor"/> decodes for its owner.</summary>
public enum LineDecoding
{
    /// <summary>Every event, in full, delivered as <see cref="PodConnection.Received"/> batches (sessions).</summary>
    Events,

    /// <summary>Only the status of <c>snapshot</c> and <c>status</c> events, delivered as
    /// <see cref="PodConnection.StatusReceived"/>; every other value is skipped unbuilt (probes).</summary>
    StatusOnly,
}
