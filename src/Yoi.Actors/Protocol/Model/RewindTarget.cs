namespace Yoi.Actors.Protocol;

/// <summary>One rewind candidate. A null <c>TimestampMs</c> is written as <c>null</c>; null <c>DisabledReason</c>/<c>Warning</c> are omitted.</summary>
public sealed record RewindTarget(RewindTargetId Id, long ExpectedHeadEntries, long TruncateEntries, long TurnIndex, long? TimestampMs, string Preview, bool Eligible, string? DisabledReason, string? Warning);
