namespace Yoi.Actors.Protocol;

/// <summary><c>thinking_delta</c>: A chunk of streamed thinking text.</summary>
public sealed record ThinkingDeltaEvent(string Text) : Event
{
    public const string WireName = "thinking_delta";

    public override string Name => WireName;
}
