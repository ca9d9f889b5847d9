using System.Diagnostics;
using System.Globalization;
using Spectre.Console.Cli;
using Spectre.Console;
using Yoi.Actors.Diagnostics;
using Yoi.Actors.Managed;
using Yoi.Actors.Managed.Native;
using Yoi.Actors.Protocol;
using Yoi.Simulation;
using Yoi.Host.Hosting;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>demo</c>: a simulated fleet in a temporary runtime dir (under <c>--runtime-dir</c> when given) — healthy
/// pods as managed child processes, faulty ones in a simulator process of their own — supervised for a few cycles
/// with the panel (plain lines when stdout is not a terminal); one managed pod is killed with SIGKILL and shown
/// restarted; then a summary. Everything is stopped and cleaned up.</summary>
public sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    /// <summary>The faulty pods of the demo (the huge-line and flood pods are left out: they cost time, not insight).</summary>
    public static readonly IReadOnlyList<PodMode> Faults =
    [
        PodMode.Silent, PodMode.Slow, PodMode.PartialLine, PodMode.Garbage, PodMode.UnknownVariants,
        PodMode.CloseAtOnce, PodMode.Refused, PodMode.Missing, PodMode.Stale,
    ];

    /// <summary>The managed pod the demo kills with SIGKILL once it runs, to show it restarted.</summary>
    public const string Victim = "pod-1";

    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var signal = new ShutdownSignal(cancellationToken);
        if (Terminal.OutIsTerminal) KeyWatcher.Start(signal.Trigger);

        var parent = settings.RuntimeDir is null ? Path.GetTempPath() : Path.GetFullPath(settings.RuntimeDir);
        Directory.CreateDirectory(parent);
        var runtimeDir = Path.Combine(parent, "yoi-demo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(runtimeDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var flags = new Dictionary<string, string?>
        {
            ["runtime_dir"] = runtimeDir,
            ["period_ms"] = settings.PeriodMs.ToString(CultureInfo.InvariantCulture),
        };
        var options = HostConfiguration.Bind(HostConfiguration.Build(flags));

        DialectNames.TryParse(settings.Dialect, out var dialect);
        var managed = ManagedPods(settings.Pods, runtimeDir, dialect);
        var podCount = managed.Count + Faults.Count;
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        FleetReport? last = null;
        var settledFds = new List<int>();
        var socketsBefore = ProcessResources.OpenSockets();
        var cycles = 0;
        var restart = new RestartWatch(Victim);
        try
        {
            await using var faults = await DemoFaultProcess.StartAsync(runtimeDir, Faults, dialect, signal.Token).ConfigureAwait(false);
            if (!Terminal.OutIsTerminal)
                Console.Out.WriteLine($"demo: {podCount} simulated {(dialect == Dialect.Worker ? "workers" : "pods")} ({managed.Count} managed child processes, {Faults.Count} faulty ones in pid {faults.Pid}) in {runtimeDir}, {settings.Cycles} cycles every {settings.PeriodMs} ms");

            await using (var link = await SupervisorLink.OpenInProcessAsync(options, runtimeDir, signal.Token, managed).ConfigureAwait(false))
            {
                try
                {
                    last = await FleetLive.ShowAsync(link.Client.SubscribeAsync(signal.Token), runtimeDir, link.ThroughDaemon, cycles: null, report =>
                    {
                        cycles++;
                        // Cycles that ended with no connection of the supervisor's open: its fds alone (the pods are
                        // other processes; the supervisor runs in this one), besides the assemblies that code met for
                        // the first time (pod-1's restart) loads once.
                        if (report.Supervisor.OpenConnections == 0)
                            settledFds.Add(ProcessResources.OpenFileDescriptorsBesidesCode());
                        foreach (var pod in report.Pods)
                        {
                            var key = pod.Outcome ?? "unprobed";
                            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                        }

                        if (restart.Observe(report, cycles, killFrom: 2) is { } killed && !Terminal.OutIsTerminal)
                            Console.Out.WriteLine($"demo: killed {Victim} (pid {killed}) with SIGKILL");
                    }, signal.Token, more: _ => cycles < settings.Cycles || (managed.Count > 0 && !restart.Done && cycles < settings.Cycles + 60)).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
                {
                    Terminal.Error.MarkupLine("[yellow]demo interrupted; cleaning up[/]");
                }
            }
        }
        finally
        {
            TryDelete(runtimeDir);
        }

        var socketsAfter = ProcessResources.OpenSockets();
        var childrenLeft = ProcessSignals.Children().Count;
        PrintSummary(podCount, managed.Count, cycles, last, settledFds, outcomes, restart, socketsBefore, socketsAfter, childrenLeft, clock.Elapsed, Directory.Exists(runtimeDir));
        return ExitCodes.Ok;
    }

    /// <summary>The healthy pods, as managed child processes: this executable's <c>simulate --one NAME</c>, restarted
    /// quickly (the demo is short), logs in the runtime dir (removed with it).</summary>
    private static List<ManagedPodSpec> ManagedPods(int count, string runtimeDir, Dialect dialect)
    {
        var self = SelfCommand.Prefix();
        return Enumerable.Range(1, count).Select(i => $"pod-{i}").Select(name => new ManagedPodSpec
        {
            Name = name,
            Dialect = dialect,
            Command = [.. self, "simulate", "--one", name, "--runtime-dir", runtimeDir, "--dialect", dialect.ToWire()],
            LogDir = Path.Combine(runtimeDir, "logs"),
            BackoffInitial = TimeSpan.FromMilliseconds(200),
            ReadyTimeout = TimeSpan.FromSeconds(60),
            StopGrace = TimeSpan.FromSeconds(5),
        }).ToList();
    }

    private static void PrintSummary(int pods, int managed, int cycles, FleetReport? last, IReadOnlyList<int> settledFds, SortedDictionary<string, int> outcomes,
        RestartWatch restart, int socketsBefore, int socketsAfter, int childrenLeft, TimeSpan elapsed, bool leftovers)
    {
        var latencies = last?.Pods.SelectMany(p => p.RecentLatenciesMs).OrderBy(l => l).ToList() ?? [];
        var probes = last?.Pods.Sum(p => p.Probes) ?? 0;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]demo summary[/]").HideHeaders()
            .AddColumn("what").AddColumn("value");
        table.AddRow("pods", Invariant($"{pods} ({managed} managed child processes, {Faults.Count} faulty)"));
        table.AddRow("cycles", Invariant($"{cycles}"));
        table.AddRow("probes", Invariant($"{probes}"));
        table.AddRow("outcomes", Markup.Escape(outcomes.Count == 0 ? "-" : string.Join(", ", outcomes.Select(kv => Invariant($"{kv.Key} {kv.Value}")))));
        table.AddRow("probe latency", latencies.Count == 0 ? "-"
            : Invariant($"p50 {FleetTable.FormatMs(Percentile(latencies, 0.50))}, p99 {FleetTable.FormatMs(Percentile(latencies, 0.99))} ({latencies.Count} samples)"));
        if (managed > 0)
            table.AddRow("restart", restart.Describe());
        if (settledFds.Count >= 2)
        {
            table.AddRow("open fds", Invariant($"{settledFds.Min()}–{settledFds.Max()} over {settledFds.Count} cycles (the supervisor's, besides loaded assemblies)") +
                (FdsGrow(settledFds) ? " [red](growing)[/]" : " [green](no growth)[/]"));
        }

        table.AddRow("sockets", Invariant($"{socketsBefore} before the demo, {socketsAfter} after cleanup") +
            (socketsAfter <= socketsBefore ? " [green](none leaked)[/]" : " [red](leaked)[/]"));
        table.AddRow("processes", childrenLeft == 0 ? "every pod stopped and reaped [green](none left)[/]" : Invariant($"[red]{childrenLeft} child process(es) left[/]"));
        table.AddRow("cleanup", Invariant($"fleet stopped and unregistered, runtime dir {(leftovers ? "[red]left behind[/]" : "removed")}"));
        table.AddRow("time", Invariant($"{elapsed.TotalSeconds:0.0} s"));
        Terminal.Out.Write(table);
    }

    /// <summary>
    /// Whether the fd count rose over the cycles: the later half stays above the earlier half's range by more than
    /// <paramref name="slack"/> (a socket caught between its close and the count). A leak like the original tool's, one
    /// socket per pod per poll, lifts the whole range by at least a pod count per cycle.
    /// </summary>
    public static bool FdsGrow(IReadOnlyList<int> perCycle, int slack = 2)
    {
        if (perCycle.Count < 2)
            return false;
        var half = perCycle.Count / 2;
        return perCycle.Skip(half).Min() > perCycle.Take(half).Max() + slack;
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{Program.Name}: could not remove {dir}: {e.Message}");
        }
    }
}
