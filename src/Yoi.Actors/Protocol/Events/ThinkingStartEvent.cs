namespace Yoi.Actors.Protocol;

/// <summary><c>thinking_start</c>: A thinking block started (unit: no <c>data</c> key).</summary>
public sealed record ThinkingStartEvent : Event
{
    public const string WireName = "thinking_start";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static ThinkingStartEvent Instance { get; } = new();

    private ThinkingStartEvent()
    {
    }

    public override string Name => WireName;
}
