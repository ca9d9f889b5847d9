namespace Yoi.Actors.Protocol;

/// <summary><c>rewind_to</c>: Truncate the session back to a rewind target.</summary>
public sealed record RewindToMethod(RewindTargetId Target, long ExpectedHeadEntries) : Method
{
    public const string WireName = "rewind_to";

    public override string Name => WireName;
}
