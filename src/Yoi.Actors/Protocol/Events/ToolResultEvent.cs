namespace Yoi.Actors.Protocol;

/// <summary><c>tool_result</c>: A tool finished. <c>Output</c> is omitted on the wire when null; <c>is_error</c> defaults to false on input.</summary>
public sealed record ToolResultEvent(string Id, string Summary, string? Output, bool IsError) : Event
{
    public const string WireName = "tool_result";

    public override string Name => WireName;
}
