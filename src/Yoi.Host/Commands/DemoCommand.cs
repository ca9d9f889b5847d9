using System.Diagnostics;
using System.Globalization;
using Spectre.Console.Cli;
using Spectre.Console;
using Yoi.Actors.Diagnostics;
using Yoi.Simulation;
using Yoi.Host.Hosting;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>demo</c>: a simulated fleet with faulty pods in a temporary runtime dir (under <c>--runtime-dir</c> when
/// given), supervised for a few cycles with the panel (plain lines when stdout is not a terminal), then a summary.
/// Everything is cleaned up.</summary>
public sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    /// <summary>The faulty pods of the demo (the huge-line and flood pods are left out: they cost time, not insight).</summary>
    public static readonly IReadOnlyList<PodMode> Faults =
    [
        PodMode.Silent, PodMode.Slow, PodMode.PartialLine, PodMode.Garbage, PodMode.UnknownVariants,
        PodMode.CloseAtOnce, PodMode.Refused, PodMode.Missing, PodMode.Stale,
    ];

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

        var specs = SimulatedFleet.Uniform(settings.Pods, PodMode.Normal, "pod-").Concat(Faults.Select(m => new PodSpec(m.WireName(), m))).ToList();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        FleetReport? last = null;
        var settledFds = new List<int>();
        var socketsBefore = ProcessResources.OpenSockets();
        var cycles = 0;
        try
        {
            Yoi.Actors.Protocol.DialectNames.TryParse(settings.Dialect, out var dialect);
            await using var fleet = await SimulatedFleet.StartAsync(runtimeDir, specs, SimulationOptions.Default with { Dialect = dialect }).ConfigureAwait(false);
            if (!Terminal.OutIsTerminal)
                Console.Out.WriteLine($"demo: {specs.Count} simulated {(dialect == Yoi.Actors.Protocol.Dialect.Worker ? "workers" : "pods")} ({Faults.Count} faulty) in {runtimeDir}, {settings.Cycles} cycles every {settings.PeriodMs} ms");

            await using (var link = await SupervisorLink.OpenAsync(options, runtimeDir, signal.Token).ConfigureAwait(false))
            {
                try
                {
                    last = await FleetLive.ShowAsync(link.Client.SubscribeAsync(signal.Token), runtimeDir, link.ThroughDaemon, settings.Cycles, report =>
                    {
                        cycles++;
                        // Cycles that ended with no connection of the supervisor's open, less the simulated pods' own
                        // sockets (they share this process and close their side a moment after the supervisor does).
                        if (report.Supervisor.OpenConnections == 0)
                            settledFds.Add(report.Supervisor.OpenFds - (int)fleet.Pods.Sum(p => p.Open));
                        foreach (var pod in report.Pods)
                        {
                            var key = pod.Outcome ?? "unprobed";
                            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                        }
                    }, signal.Token).ConfigureAwait(false);
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
        PrintSummary(specs.Count, cycles, last, settledFds, outcomes, socketsBefore, socketsAfter, clock.Elapsed, Directory.Exists(runtimeDir));
        return ExitCodes.Ok;
    }

    private static void PrintSummary(int pods, int cycles, FleetReport? last, IReadOnlyList<int> settledFds, SortedDictionary<string, int> outcomes,
        int socketsBefore, int socketsAfter, TimeSpan elapsed, bool leftovers)
    {
        var latencies = last?.Pods.SelectMany(p => p.RecentLatenciesMs).OrderBy(l => l).ToList() ?? [];
        var probes = last?.Pods.Sum(p => p.Probes) ?? 0;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]demo summary[/]").HideHeaders()
            .AddColumn("what").AddColumn("value");
        table.AddRow("pods", Invariant($"{pods} ({Faults.Count} faulty)"));
        table.AddRow("cycles", Invariant($"{cycles}"));
        table.AddRow("probes", Invariant($"{probes}"));
        table.AddRow("outcomes", Markup.Escape(outcomes.Count == 0 ? "-" : string.Join(", ", outcomes.Select(kv => Invariant($"{kv.Key} {kv.Value}")))));
        table.AddRow("probe latency", latencies.Count == 0 ? "-"
            : Invariant($"p50 {FleetTable.FormatMs(Percentile(latencies, 0.50))}, p99 {FleetTable.FormatMs(Percentile(latencies, 0.99))} ({latencies.Count} samples)"));
        if (settledFds.Count >= 2)
        {
            table.AddRow("open fds", Invariant($"{settledFds.Min()}–{settledFds.Max()} over {settledFds.Count} cycles") +
                (FdsGrow(settledFds) ? " [red](growing)[/]" : " [green](no growth)[/]"));
        }

        table.AddRow("sockets", Invariant($"{socketsBefore} before the demo, {socketsAfter} after cleanup") +
            (socketsAfter <= socketsBefore ? " [green](none leaked)[/]" : " [red](leaked)[/]"));
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
