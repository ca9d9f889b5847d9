namespace Yoi.Actors.Protocol;

/// <summary><c>compact_start</c>: Compaction started (unit: no <c>data</c> key).</summary>
public sealed record CompactStartEvent : Event
{
    public const string WireName = "compact_start";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static CompactStartEvent Instance { get; } = new();

    private CompactStartEvent()
    {
    }

    public override string Name => WireName;
}
