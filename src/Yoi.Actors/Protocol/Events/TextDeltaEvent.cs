namespace Yoi.Actors.Protocol;

/// <summary><c>text_delta</c>: A chunk of streamed assistant text (the hot path).</summary>
public sealed record TextDeltaEvent(string Text) : Event
{
    public const string WireName = "text_delta";

    public override string Name => WireName;
}
