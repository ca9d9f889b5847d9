namespace Yoi.Actors.Protocol;

/// <summary><c>text</c>: streamed assistant text; <c>finished</c> is omitted when false.</summary>
public sealed record TextInFlightBlock(string Text, bool Finished) : InFlightBlock
{
    public const string WireKind = "text";

    public override string Kind => WireKind;
}
