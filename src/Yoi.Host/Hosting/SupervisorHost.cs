using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yoi.Actors.Supervision;
using Yoi.Host.Cluster;
using Yoi.Host.Control;

namespace Yoi.Host.Hosting;

/// <summary>The generic host of every command that supervises in this process: Akka.Hosting with the
/// <see cref="PodSupervisor"/> and the <see cref="ControlServer"/> in the actor registry, Akka logging routed to
/// Microsoft.Extensions.Logging (stderr only), options bound from configuration.</summary>
public static class SupervisorHost
{
    public const string ActorSystemName = "yoi";

    /// <param name="configuration">From <see cref="HostConfiguration.Build"/>.</param>
    /// <param name="runtimeDir">The resolved runtime directory.</param>
    /// <param name="listener">The bound control socket for the daemon (owned by the ControlServer from then on); null in-process.</param>
    /// <param name="daemon">Log at Information (the daemon) instead of Warning (one-shot commands).</param>
    /// <param name="managed">The daemon's managed pods and where they came from (null: none, and no <c>reload</c>).</param>
    /// <param name="cluster">Make this a cluster node (<c>run --cluster</c>); null: nothing of the cluster is loaded.</param>
    public static IHost Build(IConfiguration configuration, string runtimeDir, ControlListener? listener, bool daemon, ManagedSetup? managed = null, ClusterNodeSettings? cluster = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "yoi-supervisor",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(daemon ? LogLevel.Information : LogLevel.Warning);
        if (!daemon) builder.Logging.AddFilter((_, _, level) => level >= LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Default;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.Configure<SupervisorOptions>(configuration);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.ToSettings(runtimeDir, managed?.Pods) with
        {
            // The daemon that manages pods is a child subreaper: its pods' orphaned tools are its to reap, not init's.
            ManagedSubreaper = daemon && managed is not null,
        });
        // Stopping managed pods takes up to their stop grace (in parallel): the host waits that long for them.
        var shutdownTimeout = managed?.ShutdownTimeout(TimeSpan.FromSeconds(10)) ?? TimeSpan.FromSeconds(10);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();

        builder.Services.AddAkka(ActorSystemName, (akka, sp) =>
        {
            var settings = sp.GetRequiredService<SupervisorSettings>();
            var options = sp.GetRequiredService<IOptions<SupervisorOptions>>().Value;
            akka.AddHocon(
                """
                akka.loglevel = INFO
                akka.stdout-loglevel = OFF
                akka.log-dead-letters = 0
                akka.log-dead-letters-during-shutdown = off
                akka.actor.ask-timeout = 30s
                """ + "\n"
                // Signals are ShutdownSignal's alone; stopping the host runs the coordinated shutdown. With the CLR hook
                // on, Akka.NET 1.5 registers SIGTERM/SIGINT handlers of its own, registered after ours and so called
                // first, that run the whole shutdown (a cluster node's leave included) on the signal thread before
                // ours is called: `run` then saw its actor system end with no signal noted and took a clean leave for
                // a failure (exit 1, seen under load).
                + "akka.coordinated-shutdown.run-by-clr-shutdown-hook = off\n"
                // The managed pods are stopped in the service-stop phase, each within its stop grace.
                + "akka.coordinated-shutdown.phases.actor-system-terminate.timeout = 5s\n"
                + $"akka.coordinated-shutdown.phases.service-stop.timeout = {(int)Math.Ceiling(Math.Max(5, (managed?.StopAllTimeout ?? TimeSpan.Zero).TotalSeconds + 2))}s\n"
                + SupervisorSystemConfig.Hocon + "\n" + options.ActorSystemHocon(), HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = daemon ? Akka.Event.LogLevel.InfoLevel : Akka.Event.LogLevel.WarningLevel;
                loggers.LogConfigOnStart = false;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.WithActors((system, registry) =>
            {
                var supervisor = system.ActorOf(PodSupervisor.Props(settings), PodSupervisor.DefaultName);
                registry.Register<PodSupervisor>(supervisor);
            });
            akka.WithActors((system, registry) =>
            {
                var supervisor = registry.Get<PodSupervisor>();
                var limits = options.ControlLimits();
                IActorRef? managedConfig = null;
                if (managed is not null)
                {
                    managedConfig = system.ActorOf(
                        Configuration.ManagedConfigActor.Props(supervisor, runtimeDir, managed.ConfigPath, managed.ConfigFlag, managed.Pods,
                            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Yoi.Supervisor")),
                        Configuration.ManagedConfigActor.DefaultName);
                    registry.Register<Configuration.ManagedConfigActor>(managedConfig);
                }

                var control = system.ActorOf(ControlServer.Props(listener, supervisor, limits, managedConfig), ControlServer.DefaultName);
                registry.Register<ControlServerKey>(control);
            });
            if (cluster is not null)
                AddCluster(akka, cluster, options.ControlLimits());
        });

        return builder.Build();
    }

    // Its own method: the JIT loads Akka.Remote and Akka.Cluster only when a cluster node is built.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddCluster(AkkaConfigurationBuilder akka, ClusterNodeSettings cluster, ControlLimits limits) =>
        ClusterHosting.Configure(akka, cluster, limits);
}
