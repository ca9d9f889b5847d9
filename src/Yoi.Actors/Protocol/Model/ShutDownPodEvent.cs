namespace Yoi.Actors.Protocol;

/// <summary><c>shut_down</c>: The child stopped.</summary>
public sealed record ShutDownPodEvent(string PodName) : PodEvent
{
    public const string WireKind = "shut_down";

    public override string Kind => WireKind;
}
