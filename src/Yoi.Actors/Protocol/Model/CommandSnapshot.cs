namespace Yoi.Actors.Protocol;

/// <summary>A command still running in <c>in_flight</c> (worker dialect). Null options are written as <c>null</c>.</summary>
public sealed record CommandSnapshot(
    string CommandId,
    string? ToolCallId,
    CommandStatus Status,
    long StartedAtMs,
    long ObservedAtMs,
    long? LastOutputAtMs,
    CommandStreamSlice Stdout,
    CommandStreamSlice Stderr,
    long? ExitCode);
