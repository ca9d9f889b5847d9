namespace Yoi.Actors.Protocol;

/// <summary><c>pod_event</c>: A child pod's lifecycle report (newtype variant: <c>params</c> is the internally tagged PodEvent).</summary>
public sealed record PodEventMethod(PodEvent Event) : Method
{
    public const string WireName = "pod_event";

    public override string Name => WireName;
}
