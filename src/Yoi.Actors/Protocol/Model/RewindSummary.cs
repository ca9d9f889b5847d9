namespace Yoi.Actors.Protocol;

/// <summary>What a rewind discarded.</summary>
public sealed record RewindSummary(long TruncatedToEntries, long DiscardedEntries, bool ToolSideEffectWarning);
