using Akka.Actor;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary>Which actor answers which request.</summary>
public static class RequestProps
{
    /// <param name="managedConfig">The daemon's <see cref="Configuration.ManagedConfigActor"/> (null in-process: no managed pods).</param>
    public static Props For(ControlRequest request, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null) => request switch
    {
        FleetRequest => FleetRequestActor.Props(request.Id, supervisor),
        ProbeRequest probe => ProbeRequestActor.Props(probe, supervisor),
        SendRequest { Follow: false } send => SendRequestActor.Props(send, supervisor),
        SendRequest send => PodStreamActor.Props(send.Pod, send.Request, send.Id, supervisor),
        WatchRequest watch => PodStreamActor.Props(watch.Pod, null, watch.Id, supervisor),
        SubscribeRequest => FleetStreamActor.Props(request.Id, supervisor),
        ProcessRequest process => ProcessRequestActor.Props(process, supervisor),
        LogsRequest logs => LogStreamActor.Props(logs, supervisor, managedConfig, limits),
        ReloadRequest => ReloadRequestActor.Props(request.Id, managedConfig),
        _ => throw new ArgumentException($"no actor for {request.GetType().Name}", nameof(request)),
    };
}
