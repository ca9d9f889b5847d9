using Akka.Actor;
using Yoi.Host.Configuration;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary><c>reload</c>: asks the daemon's <see cref="ManagedConfigActor"/> to re-read its file and apply it. A file
/// that cannot be used is an <c>invalid_config</c> error saying why (the running configuration is kept). A supervisor
/// without one (in-process) answers <c>not_supported</c>.</summary>
public sealed class ReloadRequestActor : RequestActor
{
    private readonly IActorRef? _config;

    private ReloadRequestActor(string? id, IActorRef? config) : base(id) => _config = config;

    public static Props Props(string? id, IActorRef? config) =>
        Yoi.Actors.ActorFactory.Props(() => new ReloadRequestActor(id, config));

    protected override void PreStart()
    {
        if (_config is null)
        {
            Answer(new ErrorReply(ControlNames.NotSupported, "this supervisor runs no managed pods (reload needs the daemon, yoi-supervisor run)"));
            return;
        }

        _config.Tell(ManagedConfigActor.Reload.Instance);
        Context.SetReceiveTimeout(ProcessRequestActor.ProcessTimeout);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ManagedConfigActor.Reloaded r:
                Answer(new ReloadedEvent(r.File, r.Result.Added, r.Result.Removed, r.Result.Changed, r.Result.Unchanged));
                break;
            case ManagedConfigActor.ReloadFailed failed:
                Answer(new ErrorReply(ControlNames.InvalidConfig, $"not reloaded, the running configuration is kept: {failed.Reason}"));
                break;
            default:
                Otherwise(message);
                break;
        }
    }
}
