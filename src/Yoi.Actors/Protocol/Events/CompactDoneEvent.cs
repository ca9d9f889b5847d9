namespace Yoi.Actors.Protocol;

/// <summary><c>compact_done</c>: Compaction finished; the id is written lower-case hyphenated.</summary>
public sealed record CompactDoneEvent(Guid NewSegmentId) : Event
{
    public const string WireName = "compact_done";

    public override string Name => WireName;
}
