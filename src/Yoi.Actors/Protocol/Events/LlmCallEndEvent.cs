namespace Yoi.Actors.Protocol;

/// <summary><c>llm_call_end</c>: One LLM generation call ended.</summary>
public sealed record LlmCallEndEvent(long LlmCall) : Event
{
    public const string WireName = "llm_call_end";

    public override string Name => WireName;
}
