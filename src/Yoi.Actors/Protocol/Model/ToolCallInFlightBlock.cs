namespace Yoi.Actors.Protocol;

/// <summary><c>tool_call</c>: a streamed tool call; <c>state</c> is omitted when pending.</summary>
public sealed record ToolCallInFlightBlock(string Id, string ToolName, string Args, InFlightToolCallState State) : InFlightBlock
{
    public const string WireKind = "tool_call";

    public override string Kind => WireKind;
}
