namespace Yoi.Actors.Protocol;

/// <summary>Identifies a rewind point; the UUID is written lower-case hyphenated.</summary>
public sealed record RewindTargetId(Guid SegmentId, long UserInputEntryIndex);
