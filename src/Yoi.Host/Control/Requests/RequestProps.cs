using Akka.Actor;
using Yoi.Host.Cluster;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary>Which actor answers which request.</summary>
public static class RequestProps
{
    /// <summary>A request of a local client: one naming <c>NODE/POD</c> (pod names hold no '/') or asking for the
    /// cluster goes to the cluster actors; the rest is answered here (<see cref="Local"/>).</summary>
    /// <param name="managedConfig">The daemon's <see cref="Configuration.ManagedConfigActor"/> (null in-process: no managed pods).</param>
    public static Props For(ControlRequest request, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null) => request switch
    {
        FleetRequest { Cluster: true } => ClusterFleetRequestActor.Props(request.Id, stream: false),
        SubscribeRequest { Cluster: true } => ClusterFleetRequestActor.Props(request.Id, stream: true),
        SendRequest send when RemoteRequestActor.Split(send.Pod) is var (node, pod) => RemoteRequestActor.Props(request, node, pod),
        WatchRequest watch when RemoteRequestActor.Split(watch.Pod) is var (node, pod) => RemoteRequestActor.Props(request, node, pod),
        ProcessRequest process when RemoteRequestActor.Split(process.Pod) is var (node, pod) => RemoteRequestActor.Props(request, node, pod),
        LogsRequest logs when RemoteRequestActor.Split(logs.Pod) is var (node, pod) => RemoteRequestActor.Props(request, node, pod),
        _ => Local(request, supervisor, limits, managedConfig),
    };

    /// <summary>A request answered by this node's supervisor (also the one a <see cref="RelayHost"/> runs for another node:
    /// <c>logs</c> of a managed pod is relayed, <c>reload</c> is not).</summary>
    public static Props Local(ControlRequest request, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null) => request switch
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
