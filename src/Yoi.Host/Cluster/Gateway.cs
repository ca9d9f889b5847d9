using Akka.Actor;
using Yoi.Host.Control;

namespace Yoi.Host.Cluster;

/// <summary>The known actor (<c>/user/yoi-gateway</c>) through which other nodes run control requests on this node's
/// pods: one <see cref="RelayHost"/> per request, which runs the request exactly as a local control connection would
/// (the same request actors, the same supervisor, the same validation).</summary>
public sealed class Gateway : UntypedActor
{
    public const string DefaultName = "yoi-gateway";

    /// <summary>Requests from other nodes served at once; past it a request is refused <c>busy</c>.</summary>
    public const int MaxRequests = 1024;

    private readonly IActorRef _supervisor;
    private readonly ControlLimits _limits;
    private readonly IActorRef? _managedConfig;
    private long _next;
    private int _running;

    private Gateway(IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig)
    {
        _supervisor = supervisor;
        _limits = limits;
        _managedConfig = managedConfig;
    }

    /// <param name="managedConfig">The daemon's managed configuration (<c>logs</c> of a managed pod); null when it has none.</param>
    public static Props Props(IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null) =>
        Yoi.Actors.ActorFactory.Props(() => new Gateway(supervisor, limits, managedConfig));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Relay.Open open when _running >= MaxRequests:
                RelayHost.Refuse(open, Control.Wire.ControlNames.Busy, $"the node serves {MaxRequests} requests from other nodes already");
                break;
            case Relay.Open open:
                var host = Context.ActorOf(RelayHost.Props(open, _supervisor, _limits, _managedConfig), $"relay-{++_next}");
                Context.Watch(host);
                _running++;
                break;
            case Terminated:
                _running--;
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
