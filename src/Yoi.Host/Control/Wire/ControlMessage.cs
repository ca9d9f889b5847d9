namespace Yoi.Host.Control.Wire;

/// <summary>A decoded line from the supervisor: the event and the id of the request it answers (compact JSON, or null).</summary>
public sealed record ControlMessage(ControlEvent Event, string? Id);
