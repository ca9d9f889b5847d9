namespace Yoi.Actors.Protocol;

/// <summary><c>llm_call_start</c>: One LLM generation call started.</summary>
public sealed record LlmCallStartEvent(long LlmCall) : Event
{
    public const string WireName = "llm_call_start";

    public override string Name => WireName;
}
