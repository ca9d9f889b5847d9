namespace Yoi.Actors.Protocol;

/// <summary><c>rewind_targets</c>: Reply to <c>list_rewind_targets</c>.</summary>
public sealed record RewindTargetsEvent(long HeadEntries, IReadOnlyList<RewindTarget> Targets) : Event
{
    public const string WireName = "rewind_targets";

    public override string Name => WireName;
}
