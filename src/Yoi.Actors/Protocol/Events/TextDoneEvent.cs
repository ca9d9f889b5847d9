namespace Yoi.Actors.Protocol;

/// <summary><c>text_done</c>: The full assistant text of a block.</summary>
public sealed record TextDoneEvent(string Text) : Event
{
    public const string WireName = "text_done";

    public override string Name => WireName;
}
