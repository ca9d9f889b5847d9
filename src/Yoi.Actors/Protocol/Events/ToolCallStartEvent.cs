namespace Yoi.Actors.Protocol;

/// <summary><c>tool_call_start</c>: A tool call started. <c>ToolName</c> is the wire field <c>name</c> (renamed: <see cref="Event.Name"/> is the wire tag).</summary>
public sealed record ToolCallStartEvent(string Id, string ToolName) : Event
{
    public const string WireName = "tool_call_start";

    public override string Name => WireName;
}
