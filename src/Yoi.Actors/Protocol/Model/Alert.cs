namespace Yoi.Actors.Protocol;

/// <summary>A user-facing alert (<c>timestamp_ms</c> is i64 milliseconds since the epoch).</summary>
public sealed record Alert(AlertLevel Level, AlertSource Source, string Message, long TimestampMs);
