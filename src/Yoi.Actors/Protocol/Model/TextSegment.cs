namespace Yoi.Actors.Protocol;

/// <summary><c>text</c>: Free-form text.</summary>
public sealed record TextSegment(string Content) : Segment
{
    public const string WireKind = "text";

    public override string Kind => WireKind;
}
