namespace Yoi.Actors.Protocol;

/// <summary><c>turn_end</c>: An agent turn closed.</summary>
public sealed record TurnEndEvent(long Turn, TurnResult Result) : Event
{
    public const string WireName = "turn_end";

    public override string Name => WireName;
}
