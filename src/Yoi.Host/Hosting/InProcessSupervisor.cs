using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Yoi.Actors.Managed;
using Yoi.Actors.Supervision;
using Yoi.Host.Control;

namespace Yoi.Host.Hosting;

/// <summary>
/// A supervisor for the life of one client command (<c>status</c>, <c>watch</c>, <c>send</c>, <c>panel</c> without a
/// daemon): an actor system with the <see cref="PodSupervisor"/> and a <see cref="ControlServer"/> without a listening
/// socket, talked to through a socket pair exactly as a daemon is. It is a bare actor system, not the generic host the
/// daemon runs in: a one-shot command needs no dependency injection, hosted services or logging providers, and starts
/// measurably faster without them. Warnings go to stderr. Disposing terminates the system: the guardian stops every
/// actor, whose PostStop closes what it owns. With managed pods (the demo's) disposing runs the coordinated shutdown
/// first, whose service-stop phase stops them gracefully; without, its phases are skipped.
/// </summary>
public sealed class InProcessSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system;
    private readonly IActorRef _control;
    private readonly bool _managed;

    private InProcessSupervisor(ActorSystem system, IActorRef control, bool managed)
    {
        _system = system;
        _control = control;
        _managed = managed;
    }

    /// <summary>No warm-up cycle: requests that name a pod wait for the supervisor's first registry read there.</summary>
    /// <param name="managed">Pods this supervisor starts and keeps alive (the demo's), none by default.</param>
    public static async Task<InProcessSupervisor> StartAsync(SupervisorOptions options, string runtimeDir, CancellationToken ct,
        IReadOnlyList<ManagedPodSpec>? managed = null)
    {
        managed ??= [];
        var stopAll = new ManagedSetup(null, null, managed).StopAllTimeout;
        var config = ConfigurationFactory.ParseString(
            $$"""
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            akka.loggers = ["{{typeof(StderrLogger).AssemblyQualifiedName}}"]
            akka.log-dead-letters = 0
            akka.log-dead-letters-during-shutdown = off
            akka.actor.ask-timeout = 30s
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.coordinated-shutdown.phases.service-stop.timeout = {{(int)Math.Ceiling(Math.Max(5, stopAll.TotalSeconds + 2))}}s
            """ + "\n" + SupervisorSystemConfig.Hocon + "\n" + options.ActorSystemHocon());
        var system = ActorSystem.Create(SupervisorHost.ActorSystemName, config);
        try
        {
            var supervisor = system.ActorOf(PodSupervisor.Props(options.ToSettings(runtimeDir) with { Managed = managed }), PodSupervisor.DefaultName);
            var control = system.ActorOf(ControlServer.Props(null, supervisor, options.ControlLimits()), ControlServer.DefaultName);
            ct.ThrowIfCancellationRequested();
            return new InProcessSupervisor(system, control, managed.Count > 0);
        }
        catch
        {
            await TerminateAsync(system).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A new control connection: one end of a socket pair is adopted by the control server, the other returned.</summary>
    public Socket Connect()
    {
        var (mine, theirs) = SocketPair.Create();
        _control.Tell(new ControlServer.Adopt(theirs));
        return mine;
    }

    public async ValueTask DisposeAsync()
    {
        if (_managed)
            await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await TerminateAsync(_system).ConfigureAwait(false);
    }

    private static async Task TerminateAsync(ActorSystem system)
    {
        await system.Terminate().WaitAsync(StopTimeout).ConfigureAwait(false);
    }
}
