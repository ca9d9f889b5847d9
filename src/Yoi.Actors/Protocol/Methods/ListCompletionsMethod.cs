namespace Yoi.Actors.Protocol;

/// <summary><c>list_completions</c>: Ask for completion candidates.</summary>
public sealed record ListCompletionsMethod(CompletionKind Kind, string Prefix) : Method
{
    public const string WireName = "list_completions";

    public override string Name => WireName;
}
