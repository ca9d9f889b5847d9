namespace Yoi.Actors.Protocol;

/// <summary><c>tool_call_args_delta</c>: A chunk of a tool call's JSON arguments, as text.</summary>
public sealed record ToolCallArgsDeltaEvent(string Id, string Json) : Event
{
    public const string WireName = "tool_call_args_delta";

    public override string Name => WireName;
}
