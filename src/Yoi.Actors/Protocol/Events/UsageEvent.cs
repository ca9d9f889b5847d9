namespace Yoi.Actors.Protocol;

/// <summary><c>usage</c>: Token accounting for one request. Input/output are written as <c>null</c> when absent; cache reads are omitted.</summary>
public sealed record UsageEvent(long? InputTokens, long? OutputTokens, long? CacheReadInputTokens) : Event
{
    public const string WireName = "usage";

    public override string Name => WireName;
}
