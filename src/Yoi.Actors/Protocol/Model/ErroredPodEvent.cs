namespace Yoi.Actors.Protocol;

/// <summary><c>errored</c>: An engine error happened inside the child turn.</summary>
public sealed record ErroredPodEvent(string PodName, string Message) : PodEvent
{
    public const string WireKind = "errored";

    public override string Kind => WireKind;
}
