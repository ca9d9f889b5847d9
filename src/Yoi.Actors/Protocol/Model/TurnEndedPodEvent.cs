namespace Yoi.Actors.Protocol;

/// <summary><c>turn_ended</c>: The child finished a turn and is idle.</summary>
public sealed record TurnEndedPodEvent(string PodName) : PodEvent
{
    public const string WireKind = "turn_ended";

    public override string Kind => WireKind;
}
