namespace Yoi.Actors.Protocol;

/// <summary><c>thinking_done</c>: A thinking block completed with its full text.</summary>
public sealed record ThinkingDoneEvent(string Text) : Event
{
    public const string WireName = "thinking_done";

    public override string Name => WireName;
}
