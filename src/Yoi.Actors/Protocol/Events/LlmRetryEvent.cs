namespace Yoi.Actors.Protocol;

/// <summary><c>llm_retry</c>: A transport-level retry was scheduled. <c>Status</c> (HTTP, u16) is omitted on the wire when null.</summary>
public sealed record LlmRetryEvent(long LlmCall, long FailedAttempt, long MaxAttempts, long WaitMs, long ElapsedMs, int? Status, string Error) : Event
{
    public const string WireName = "llm_retry";

    public override string Name => WireName;
}
