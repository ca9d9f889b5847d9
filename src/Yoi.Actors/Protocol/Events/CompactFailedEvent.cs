namespace Yoi.Actors.Protocol;

/// <summary><c>compact_failed</c>: Compaction failed; the session is unchanged.</summary>
public sealed record CompactFailedEvent(string Error) : Event
{
    public const string WireName = "compact_failed";

    public override string Name => WireName;
}
