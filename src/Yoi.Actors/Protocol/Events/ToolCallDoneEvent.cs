namespace Yoi.Actors.Protocol;

/// <summary><c>tool_call_done</c>: A tool call's arguments are complete. <c>ToolName</c> is the wire field <c>name</c>.</summary>
public sealed record ToolCallDoneEvent(string Id, string ToolName, string Arguments) : Event
{
    public const string WireName = "tool_call_done";

    public override string Name => WireName;
}
