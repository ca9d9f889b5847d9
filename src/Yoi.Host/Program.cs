using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Spectre.Console.Cli;
using Yoi.Actors.Registry;
using Yoi.Host.Commands;
using Yoi.Host.Control.Client;
using Yoi.Host.Hosting;
using Yoi.Host.Output;

namespace Yoi.Host;

public static class Program
{
    public const string Name = "yoi-supervisor";

    public static int Main(string[] args)
    {
        try
        {
            if (QuickArgs.TryParse(args) is { } quick)
            {
                InterpretDynamicCode();
                return RunClient(quick.Command, quick.Flags);
            }
        }
        catch (Exception e)
        {
            return Fail(e, args);
        }

        return RunCommandApp(args);
    }

    /// <summary>A short client command runs for a moment, so code generated at run time never pays back its generation:
    /// Akka.NET parses durations with a <c>RegexOptions.Compiled</c> regex, which the actor system's start (in-process
    /// <c>status</c>) spent about 35 ms emitting. With this switch the regex and LINQ expressions are interpreted
    /// instead: `Yoi.Benchmarks cli` in-process median 262 → 225 ms. It must be set before anything reads
    /// <see cref="System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported"/>; <c>run</c> (a long-lived daemon) keeps the default.</summary>
    private static void InterpretDynamicCode() =>
        AppContext.SetSwitch("System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported", false);

    /// <summary>The short client commands (<c>status</c>, <c>watch</c>, <c>send</c>) on a plain command line: no
    /// command-line framework and no configuration stack. Through a running daemon nothing of Akka.NET or the hosting
    /// libraries is touched either (this method and those it calls reference none of their types), so none of them is
    /// loaded.</summary>
    private static int RunClient(ClientCommand command, IReadOnlyDictionary<string, string?> flags)
    {
        if (HostConfiguration.TryBindQuickly(flags) is not { } options)
            return RunClientConfigured(command, flags);
        var runtimeDir = HostConfiguration.ResolveRuntimeDir(options);
        if (SupervisorLink.TryDaemon(runtimeDir) is { } link)
            return ClientCommand.RunAsync(command, _ => Task.FromResult(link), CancellationToken.None).GetAwaiter().GetResult();
        return ClientCommand.RunAsync(command, options, runtimeDir, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>A configuration the quick reading was not sure of: the configuration stack binds it (and reports what is wrong).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunClientConfigured(ClientCommand command, IReadOnlyDictionary<string, string?> flags) =>
        CommandEnvironment.From(flags).RunAsync(command, CancellationToken.None).GetAwaiter().GetResult();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunCommandApp(string[] args)
    {
        var app = new CommandApp();
        app.Configure(Configure);
        try
        {
            return app.Run(args);
        }
        catch (Exception e)
        {
            return Fail(e, args);
        }
    }

    internal static void Configure(IConfigurator config)
    {
        config.SetApplicationName(Name);
        config.UseAssemblyInformationalVersion();
        config.PropagateExceptions();
        config.UseStrictParsing();
        config.ConfigureConsole(Terminal.Out);

        config.AddCommand<RunCommand>("run")
            .WithDescription("Run the supervisor daemon: poll the registry, probe every pod, serve the control socket <runtime_dir>/supervisor.sock")
            .WithExample("run", "--period-ms", "1000")
            .WithExample("run", "--cluster", "--config", "node-a.json");
        config.AddCommand<StatusCommand>("status")
            .WithDescription("Probe the fleet once (through the daemon when one runs) and print it")
            .WithExample("status", "--json")
            .WithExample("status", "--pod", "alpha");
        config.AddCommand<PanelCommand>("panel")
            .WithDescription("A live panel of the fleet, refreshed every poll period; q or Ctrl-C quits");
        config.AddCommand<WatchCommand>("watch")
            .WithDescription("Attach to a pod and print its events as they arrive")
            .WithExample("watch", "alpha")
            .WithExample("watch", "alpha", "--json");
        config.AddCommand<SendCommand>("send")
            .WithDescription("Send one method to a pod: run TEXT | notify TEXT | cancel | pause | resume | compact | shutdown | --raw JSON")
            .WithExample("send", "alpha", "run", "hello there", "--follow")
            .WithExample("send", "alpha", "cancel")
            .WithExample("send", "alpha", "--raw", "{\"method\":\"pause\"}");
        config.AddCommand<ProcessCommand>("start")
            .WithDescription("Start a managed pod (stopped, exited, in backoff or fatal), through the daemon")
            .WithExample("start", "alpha");
        config.AddCommand<ProcessCommand>("stop")
            .WithDescription("Stop a managed pod and keep it stopped (shutdown, SIGINT, SIGTERM, SIGKILL after stop_grace_ms), through the daemon")
            .WithExample("stop", "alpha");
        config.AddCommand<ProcessCommand>("restart")
            .WithDescription("Stop a managed pod, then start it again, through the daemon")
            .WithExample("restart", "alpha");
        config.AddCommand<LogsCommand>("logs")
            .WithDescription("Print the last lines of a managed pod's stdout (or --stderr) log; -f keeps printing")
            .WithExample("logs", "alpha", "-n", "50")
            .WithExample("logs", "alpha", "-f", "--stderr");
        config.AddCommand<ReloadCommand>("reload")
            .WithDescription("Have the daemon re-read its configuration file: start added pods, stop removed ones, restart changed ones")
            .WithExample("reload");
        config.AddCommand<DashboardCommand>("dashboard")
            .WithDescription("Print the running daemon's dashboard address with a one-time login (needs run --http)");
        config.AddCommand<SimulateCommand>("simulate")
            .WithDescription("Run a simulated fleet registered in pods.json until stopped")
            .WithExample("simulate", "--pods", "5", "--mode-for", "sim-3=silent");
        config.AddCommand<ClusterCertCommand>("cluster-cert")
            .WithDescription("Write a new cluster CA (ca.crt, ca.pfx) and a certificate per node (NODE.pfx) for `run --cluster`")
            .WithExample("cluster-cert", "--out", "certs", "--nodes", "a,b,c");
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Supervise a simulated fleet (with faulty pods) in a temporary runtime dir for a few cycles, then summarise")
            .WithExample("demo")
            .WithExample("demo", "--pods", "12", "--cycles", "5");
    }

    /// <summary>One line on stderr, the exit code of the failure; never a stack trace.</summary>
    internal static int Fail(Exception e, IReadOnlyList<string>? args = null)
    {
        var (code, message) = e switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            ControlException control => (ClientCommand.Failure(control).ExitCode, ClientCommand.Failure(control).Message),
            CommandAppException app => (ExitCodes.Usage, UsageMessage(app, args)),
            RegistryException registry => (ExitCodes.RegistryUnreadable, registry.Message),
            OperationCanceledException => (ExitCodes.Failure, "interrupted"),
            SocketException socket => (ExitCodes.Failure, $"socket error: {socket.Message}"),
            UnauthorizedAccessException access => (ExitCodes.Failure, access.Message),
            IOException io => (ExitCodes.Failure, io.Message),
            AggregateException { InnerException: { } inner } => (-1, ""),
            _ => (ExitCodes.Failure, $"unexpected {e.GetType().Name}: {e.Message}"),
        };
        if (code == -1) return Fail(((AggregateException)e).InnerException!, args);

        // Messages carry pod- and registry-provided text: escaped, so none of it drives the terminal.
        Console.Error.WriteLine($"{Name}: {Yoi.Actors.Registry.PodNames.Escape(OneLine(message), 4000)}");
        return code;
    }

    private static readonly string[] Commands = ["run", "status", "panel", "watch", "send", "start", "stop", "restart", "logs", "reload", "dashboard", "simulate", "cluster-cert", "demo"];

    private static string UsageMessage(CommandAppException e, IReadOnlyList<string>? args)
    {
        var message = OneLine(e.Message).TrimEnd('.');
        var convert = System.Text.RegularExpressions.Regex.Match(message, "^Failed to convert '(.*)' to ");
        if (convert.Success) message = $"invalid value '{convert.Groups[1].Value}': expected a number";
        var command = args is { Count: > 0 } && Commands.Contains(args[0]) ? args[0] + " " : "";
        return $"{message}. Try '{Name} {command}--help'.";
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
