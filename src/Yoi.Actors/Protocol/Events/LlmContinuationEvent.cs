namespace Yoi.Actors.Protocol;

/// <summary><c>llm_continuation</c>: A stream broke after output began and the worker continues with a follow-up request.</summary>
public sealed record LlmContinuationEvent(long LlmCall, long Attempt, long MaxAttempts, string Reason) : Event
{
    public const string WireName = "llm_continuation";

    public override string Name => WireName;
}
