namespace Yoi.Actors.Protocol;

/// <summary><c>completions</c>: Reply to <c>list_completions</c>.</summary>
public sealed record CompletionsEvent(CompletionKind Kind, IReadOnlyList<CompletionEntry> Entries) : Event
{
    public const string WireName = "completions";

    public override string Name => WireName;
}
