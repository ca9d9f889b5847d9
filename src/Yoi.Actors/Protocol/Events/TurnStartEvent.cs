namespace Yoi.Actors.Protocol;

/// <summary><c>turn_start</c>: An agent turn opened (<c>turn</c> is a usize).</summary>
public sealed record TurnStartEvent(long Turn) : Event
{
    public const string WireName = "turn_start";

    public override string Name => WireName;
}
