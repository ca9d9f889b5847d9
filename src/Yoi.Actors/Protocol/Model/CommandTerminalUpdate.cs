namespace Yoi.Actors.Protocol;

/// <summary><c>terminal</c>: a command ended; a null <c>ExitCode</c> (i32) is written as <c>null</c>.</summary>
public sealed record CommandTerminalUpdate(string CommandId, CommandStatus Status, long? ExitCode, long StdoutEndOffset, long StderrEndOffset, long ObservedAtMs) : CommandUpdate
{
    public const string WireKind = "terminal";

    public override string Kind => WireKind;
}
