namespace Yoi.Actors.Protocol;

/// <summary><c>thinking</c>: streamed thinking text; <c>finished</c> is omitted when false.</summary>
public sealed record ThinkingInFlightBlock(string Text, bool Finished) : InFlightBlock
{
    public const string WireKind = "thinking";

    public override string Kind => WireKind;
}
