namespace Yoi.Actors.Protocol;

/// <summary><c>paste</c>: A bracketed paste; <c>id</c>, <c>chars</c>, <c>lines</c> are u32.</summary>
public sealed record PasteSegment(long Id, long Chars, long Lines, string Content) : Segment
{
    public const string WireKind = "paste";

    public override string Kind => WireKind;
}
