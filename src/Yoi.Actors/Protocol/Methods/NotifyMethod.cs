namespace Yoi.Actors.Protocol;

/// <summary>
/// <c>notify</c>: Inject a non-blocking notification into the pod's context. <c>AutoRun</c> (worker dialect only; the
/// pod dialect always behaves as true): whether an idle worker starts a turn for it; false queues it for the next run.
/// </summary>
public sealed record NotifyMethod(string Message, bool AutoRun = true) : Method
{
    public const string WireName = "notify";

    public override string Name => WireName;
}
