using Akka.Actor;
using Yoi.Host.Control;

namespace Yoi.Host.Web;

/// <summary>What the HTTP handlers share: the actor system, the supervisor, the control limits, the credentials, and the
/// daemon's managed-pod configuration (<c>logs</c>; null when the daemon has none).</summary>
internal sealed record WebContext(ActorSystem System, IActorRef Supervisor, ControlLimits Limits, WebAuth Auth, bool Https, IActorRef? ManagedConfig = null);
