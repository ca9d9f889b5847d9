using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;
using Yoi.Host.Configuration;
using Yoi.Host.Control;
using Yoi.Host.Hosting;

namespace Yoi.Host.Commands;

/// <summary><c>run</c>: the daemon. SIGINT/SIGTERM (handled from the first instant) stop the host, which runs Akka's
/// coordinated shutdown: every pod socket and the control socket are closed, the managed pods stopped (unless
/// <c>on_exit: keep</c>) and <c>supervisor.sock</c> removed; exit 0. A configuration that cannot be used is refused before
/// anything starts (exit 2, one line naming the key and the pod). SIGHUP reloads the configuration file.</summary>
public sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        using var signal = new ShutdownSignal(cancellationToken);
        // Before anything sizes itself from it (the control-connection cap) or opens a socket: every fd the hard limit
        // allows is the daemon's to use.
        var fdLimit = FdLimits.RaiseSoftToHard();
        var env = CommandEnvironment.From(settings);
        // Certificates are read (and checked against the CA) before anything binds: a bad one is a usage error.
        var cluster = settings.Cluster ? LoadCluster(env) : null;
        using var clusterCertificate = cluster?.Certificate;
        using var clusterCa = cluster?.Ca;
        var managed = ResolveManaged(env, settings.Config);
        // Checked before anything is bound: a listener that may not be (plain HTTP on a network interface) is a usage error.
        var web = Web.WebOptions.From(env.Configuration);
        var http = web.Http is { Length: > 0 } httpText ? Web.HttpListenAddress.Parse(httpText) : null;
        if (http?.Refusal(hasCertificate: web.Certificate is { Length: > 0 }) is { } refusal)
            throw new CliException(ExitCodes.Usage, refusal);
        var listener = ControlListener.Bind(ControlPaths.SocketIn(env.RuntimeDir));
        IHost host;
        try
        {
            host = SupervisorHost.Build(env.Configuration, env.RuntimeDir, listener, daemon: true, managed, cluster);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        using (host)
        {
            var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Yoi.Supervisor");
            await using var exporters = new DaemonTelemetry();
            try
            {
                await host.StartAsync(signal.Token).ConfigureAwait(false);
                await exporters.StartAsync(host.Services, web, http, env.RuntimeDir, signal.Token).ConfigureAwait(false);
                // No warm-up cycle: requests sent before the supervisor's first registry read wait for it there.
                log.LogInformation("supervising {RuntimeDir} every {PeriodMs} ms (probe deadline {TimeoutMs} ms); control socket {Socket}; pid {Pid}",
                    env.RuntimeDir, env.Options.PeriodMs, env.Options.TimeoutMs, listener.Path, Environment.ProcessId);
                log.LogInformation("configuration: {Config}; {Managed} managed pod(s){Names}",
                    managed.ConfigPath ?? "none", managed.Pods.Count, managed.Pods.Count == 0 ? "" : ": " + string.Join(", ", managed.Pods.Select(p => p.Name)));
                using var reload = ReloadOnHangup(host, log);
                using var announce = signal.Token.Register(() => log.LogInformation("{Signal}: stopping{Leave}",
                    signal.Received?.ToString() ?? "stop requested", cluster is null ? "" : " (leaving the cluster first)"));
                log.LogInformation("limits: {FdLimit} file descriptors, {MaxControl} control connections, pod writes {WriteTimeoutMs} ms",
                    fdLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited", env.Options.ControlLimits().MaxConnections, env.Options.WriteTimeoutMs);
                if (cluster is not null)
                    log.LogInformation("cluster node {Node} at {Host}:{Port} (TLS, mutual authentication), seeds [{Seeds}], split-brain resolver keep-majority after {StableAfterMs} ms stable",
                        cluster.Options.EffectiveNodeName, cluster.Options.Hostname, cluster.Options.Port, string.Join(", ", cluster.Options.SeedNodes), cluster.Options.StableAfterMs);
                await host.WaitForShutdownAsync(signal.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
            {
                // Signalled while starting: stop whatever did start.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await host.StopAsync(deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                // The HTTP listener goes first: nothing asks the actors once they stop.
                await exporters.DisposeAsync().ConfigureAwait(false);
                // Normally the ControlServer's PostStop did this already; a failed start must not leave the file behind.
                listener.Dispose();
            }

            log.LogInformation("supervisor stopped");

            // A cluster node's actor system can end without a signal: the split-brain resolver downed it, or every
            // peer refused its certificate (Akka.Remote then shuts the system down). That is a failure, not a clean stop.
            // A graceful leave is a clean stop whoever began it (a signal not yet seen here when the system ended too).
            if (cluster is not null && !signal.Token.IsCancellationRequested)
            {
                var ending = Cluster.ClusterAccess.For(host.Services.GetRequiredService<Akka.Actor.ActorSystem>()).Ending;
                if (ending != Cluster.SelfEnding.Left)
                    throw new CliException(ExitCodes.Failure, $"cluster node {cluster.Options.EffectiveNodeName} stopped without a signal: " + ending switch
                    {
                        Cluster.SelfEnding.Downed => "it was downed by the split-brain resolver (it lost touch with the majority; see the log above and the other nodes' logs)",
                        null => "it never joined the cluster: no seed node answered, or its certificate was refused (see the log above)",
                        _ => "it was removed from the cluster (quarantined by the others; see the log above)",
                    });
                log.LogInformation("left the cluster before a signal was seen here");
            }
        }

        return ExitCodes.Ok;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Cluster.ClusterNodeSettings LoadCluster(CommandEnvironment env) =>
        Cluster.ClusterNodeSettings.Load(HostConfiguration.BindCluster(env.Configuration));

    /// <summary>The managed pods of the configuration file, checked before anything starts.</summary>
    private static ManagedSetup ResolveManaged(CommandEnvironment env, string? flag)
    {
        if (env.File is not { } file)
            return new ManagedSetup(null, flag, []);
        try
        {
            return new ManagedSetup(file.Path, flag, ManagedConfig.Resolve(file.Managed, ManagedContext.For(file, env.RuntimeDir)));
        }
        catch (ConfigurationException e)
        {
            throw HostConfiguration.Invalid(file.Path, e);
        }
    }

    /// <summary>SIGHUP: re-read the configuration file and apply it (the outcome is logged by the actor that applies it).</summary>
    private static IDisposable ReloadOnHangup(IHost host, ILogger log)
    {
        var registry = host.Services.GetRequiredService<Akka.Hosting.ActorRegistry>();
        var config = registry.Get<ManagedConfigActor>();
        return System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            log.LogInformation("SIGHUP: reloading the configuration");
            config.Tell(ManagedConfigActor.Reload.Instance, Akka.Actor.ActorRefs.NoSender);
        });
    }
}
