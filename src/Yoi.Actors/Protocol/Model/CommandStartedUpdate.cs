namespace Yoi.Actors.Protocol;

/// <summary><c>started</c>: a command started; a null <c>ToolCallId</c> is written as <c>null</c>.</summary>
public sealed record CommandStartedUpdate(string CommandId, string? ToolCallId, long ObservedAtMs) : CommandUpdate
{
    public const string WireKind = "started";

    public override string Kind => WireKind;
}
