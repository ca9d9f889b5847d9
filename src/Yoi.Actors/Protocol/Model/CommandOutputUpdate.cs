namespace Yoi.Actors.Protocol;

/// <summary><c>output</c>: a chunk of a command's output.</summary>
public sealed record CommandOutputUpdate(string CommandId, CommandStream Stream, long StartOffset, long EndOffset, string Content, long ObservedAtMs) : CommandUpdate
{
    public const string WireKind = "output";

    public override string Kind => WireKind;
}
