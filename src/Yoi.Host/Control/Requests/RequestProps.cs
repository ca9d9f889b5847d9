using Akka.Actor;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary>Which actor answers which request.</summary>
public static class RequestProps
{
    public static Props For(ControlRequest request, IActorRef supervisor, ControlLimits limits) => request switch
    {
        FleetRequest => FleetRequestActor.Props(request.Id, supervisor),
        ProbeRequest probe => ProbeRequestActor.Props(probe, supervisor),
        SendRequest { Follow: false } send => SendRequestActor.Props(send, supervisor),
        SendRequest send => PodStreamActor.Props(send.Pod, send.Request, send.Id, supervisor),
        WatchRequest watch => PodStreamActor.Props(watch.Pod, null, watch.Id, supervisor),
        SubscribeRequest => FleetStreamActor.Props(request.Id, supervisor),
        _ => throw new ArgumentException($"no actor for {request.GetType().Name}", nameof(request)),
    };
}
