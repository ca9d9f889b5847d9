namespace Yoi.Actors.Protocol;

/// <summary><c>user_message</c>: A user input was accepted and is about to start a turn; echoes the segments (unknown kinds as <c>{"kind":"unknown"}</c>).</summary>
public sealed record UserMessageEvent(IReadOnlyList<Segment> Segments) : Event
{
    public const string WireName = "user_message";

    public override string Name => WireName;
}
