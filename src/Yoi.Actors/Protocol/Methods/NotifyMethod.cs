namespace Yoi.Actors.Protocol;

/// <summary><c>notify</c>: Inject a non-blocking notification into the pod's context.</summary>
public sealed record NotifyMethod(string Message) : Method
{
    public const string WireName = "notify";

    public override string Name => WireName;
}
