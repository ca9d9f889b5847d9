namespace Yoi.Actors.Protocol;

/// <summary>Rust's <c>MemoryWorkerEvent</c> struct, renamed so that <see cref="MemoryWorkerEvent"/> can follow the <c>&lt;Variant&gt;Event</c> scheme.</summary>
public sealed record MemoryWorkerUpdate(string Worker, string Status, string RunId, string Trigger, string Reason, string Message, long TimestampMs);
