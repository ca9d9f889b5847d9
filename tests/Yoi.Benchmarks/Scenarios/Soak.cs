using System.Diagnostics;
using System.Text.Json.Nodes;
using Akka.Actor;
using Yoi.Actors.Probing;
using Yoi.Actors.Supervision;
using Yoi.Benchmarks.Baselines;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Product;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// soak: many probes through the supervisor on a fleet with faulty pods (short period + every pod re-probed the moment
/// its previous probe answered); fds, sockets, threads and resident memory before and after. The baseline does the
/// same number of probes with the plain prober, in the same process, afterwards.
/// </summary>
public static class Soak
{
    public const string DefaultSpec = "normal:13,silent:1,close:1,garbage:1,refused:1,missing:1,stale:1,flood:1";

    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "a million probes: is the process flat afterwards?";
        var probes = args.Long("probes", 1_000_000);
        var baselineProbes = args.Long("baseline-probes", probes / 4);
        var spec = args.Str("spec", DefaultSpec)!;
        var period = TimeSpan.FromMilliseconds(args.Int("period-ms", 10));
        var timeout = TimeSpan.FromMilliseconds(args.Int("timeout-ms", 200));
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartSelfAsync(spec, tag: "soak").ConfigureAwait(false);
        var pods = fleet.Pods;
        result.Notes.Add($"Fleet: {pods.Count} pods `{spec}` (benchmark fleet, separate process). Supervisor period {period.TotalMilliseconds:0} ms, probe deadline {timeout.TotalMilliseconds:0} ms; every pod is probed by the supervisor's own timer, and a driver actor re-asks Fleet.ProbePod for each pod that answered `ok` as soon as its last probe answered (so the fast-failing pods do not crowd out the normal ones). {probes:N0} probes (product, counted from the supervisor's view), then {baselineProbes:N0} with the plain prober in the same shape (a 10 ms loop over every pod plus back-to-back loops over the normal pods).");
        result.Notes.Add("Before/after: fds, sockets and threads are read with no supervisor running (the warm-up supervisor — ≥ 5,000 probes and until the JIT has settled — stopped before; the measured one stopped after), after a forced full GC, the minimum of 10 samples over 300 ms. Resident memory is read every second while the probes run: growth = the median of the last five seconds − the median of seconds 2–6 (the measured supervisor's first probes — max(5,000, 2 % of the run), not counted — bring the GC heap and the thread pool to their working size first). The GC heap is read after a forced full GC before and after. The baseline is measured the same way (warm-up 2,000 probes).");

        using var system = BenchSystem.Create("soak");
        var settings = new SupervisorSettings { RuntimeDir = fleet.RuntimeDir, Period = period, ProbeTimeout = timeout };

        // Warm-up supervisor: every code path runs, then it is stopped so the process is quiescent.
        var warm = system.ActorOf(PodSupervisor.Props(settings), "warm-up");
        var first = await warm.Ask<Fleet.CycleCompleted>(Fleet.ProbeAll.Instance, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var names = first.Results.Where(r => r.Outcome == ProbeOutcome.Ok).Select(r => r.Pod).ToList();
        var healthy = pods.Where(p => names.Contains(p.Name)).ToList();
        // Until the JIT has settled: tier-1 code and its data are start-up cost, not growth over a million probes.
        var warmed = await JitWarmup.RunAsync(() => Drive(system, warm, names, 1_000, null), minSteps: 5).ConfigureAwait(false);
        result.Notes.Add($"Warm-up supervisor: {warmed}.");
        Out.Log($"soak: warm-up: {warmed}");
        await warm.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var before = await Sample().ConfigureAwait(false);

        // Assemblies loaded after the warm-up each hold an fd (the mapped file): record who loads them.
        var loads = new JsonArray();
        void OnLoad(object? _, AssemblyLoadEventArgs e)
        {
            var frames = new StackTrace(1, false).GetFrames().Select(f => f.GetMethod()).Where(m => m?.DeclaringType?.Namespace is { } ns && !ns.StartsWith("System.Runtime", StringComparison.Ordinal))
                .Take(12).Select(m => $"{m!.DeclaringType!.FullName}.{m.Name}");
            lock (loads)
                loads.Add($"{e.LoadedAssembly.GetName().Name}: {string.Join(" < ", frames)}");
        }

        AppDomain.CurrentDomain.AssemblyLoad += OnLoad;
        var supervisor = system.ActorOf(PodSupervisor.Props(settings), PodSupervisor.DefaultName);
        // The measured supervisor's first probes (not counted) bring the GC heap and the thread pool to their working
        // size; then resident memory is read the same way before and after the million, so the difference is growth.
        var settleProbes = Math.Max(5_000, probes / 50);
        await Drive(system, supervisor, names, settleProbes, null).ConfigureAwait(false);
        var memBefore = await SampleMemory().ConfigureAwait(false);
        var view0 = await supervisor.Ask<Fleet.View>(Fleet.GetView.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var cpu0 = ProcInfo.SelfCpu();
        var sw = Stopwatch.StartNew();
        var trace = new JsonArray();
        await Drive(system, supervisor, names, probes, trace).ConfigureAwait(false);
        var seconds = sw.Elapsed.TotalSeconds;
        var cpu = ProcInfo.SelfCpu() - cpu0;
        var view1 = await supervisor.Ask<Fleet.View>(Fleet.GetView.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var memAfter = await SampleMemory().ConfigureAwait(false);
        if (args.Double("hold-seconds", 0) is > 0 and var hold)
        {
            Out.Log($"soak: holding {hold} s with the supervisor alive (pid {Environment.ProcessId}) for a heap dump");
            await Task.Delay(TimeSpan.FromSeconds(hold)).ConfigureAwait(false);
        }

        await supervisor.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var after = await Sample().ConfigureAwait(false);
        AppDomain.CurrentDomain.AssemblyLoad -= OnLoad;
        var total = view1.Pods.Sum(p => p.Probes) - view0.Pods.Sum(p => p.Probes);
        var outcomes = view1.Pods.GroupBy(p => p.Outcome?.ToWireName() ?? "none").ToDictionary(g => g.Key, g => (long)g.Count());
        var (rssBefore, rssAfter) = RssFromTrace(trace) ?? (memBefore.Rss, memAfter.Rss);
        var product = Line("actor", total, seconds, cpu, before with { Rss = rssBefore, GcLive = memBefore.GcLive, GcCommitted = memBefore.GcCommitted }, after with { Rss = rssAfter, GcLive = memAfter.GcLive, GcCommitted = memAfter.GcCommitted }, outcomes);
        product["last_outcome_by_pods"] = product["outcomes"]!.DeepClone();
        product.Remove("outcomes");
        product["probes_per_pod"] = new JsonObject(view1.Pods.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Probes)));
        product["overruns"] = view1.Pods.Sum(p => p.Overruns);
        product["rss_trace_mib"] = trace;
        product["assemblies_loaded_during_run"] = loads;
        var dllFds = Math.Max(0, after.Kinds.Where(k => k.Key.EndsWith(".dll", StringComparison.Ordinal)).Sum(k => k.Value) - before.Kinds.Where(k => k.Key.EndsWith(".dll", StringComparison.Ordinal)).Sum(k => k.Value));
        product["fd_growth_excluding_assemblies"] = after.Fds - before.Fds - dllFds;
        result.Run(product);
        await system.Terminate().ConfigureAwait(false);

        // Baseline: the plain prober, same loop shape (each pod re-probed as soon as it answered).
        await PlainDrive(fleet.RuntimeDir, healthy, 2_000, timeout, period).ConfigureAwait(false);
        var pBefore = await Sample().ConfigureAwait(false);
        cpu0 = ProcInfo.SelfCpu();
        sw.Restart();
        var pTrace = new JsonArray();
        var pOutcomes = await Traced(PlainDrive(fleet.RuntimeDir, healthy, baselineProbes, timeout, period), pTrace).ConfigureAwait(false);
        var pSeconds = sw.Elapsed.TotalSeconds;
        var pCpu = ProcInfo.SelfCpu() - cpu0;
        var pAfter = await Sample().ConfigureAwait(false);
        var (pRssBefore, pRssAfter) = RssFromTrace(pTrace) ?? (pBefore.Rss, pAfter.Rss);
        var baseline = Line("plain", pOutcomes.Values.Sum(), pSeconds, pCpu, pBefore with { Rss = pRssBefore }, pAfter with { Rss = pRssAfter }, pOutcomes);
        baseline["rss_trace_mib"] = pTrace;
        baseline["fd_growth_excluding_assemblies"] = pAfter.Fds - pBefore.Fds
            - Math.Max(0, pAfter.Kinds.Where(k => k.Key.EndsWith(".dll", StringComparison.Ordinal)).Sum(k => k.Value) - pBefore.Kinds.Where(k => k.Key.EndsWith(".dll", StringComparison.Ordinal)).Sum(k => k.Value));
        result.Run(baseline);

        Metric Delta(string name, string unit, string field, string target, Func<double, bool> pass, double scale = 1) => new()
        {
            Name = name,
            Unit = unit,
            Product = One(Jn.D(product[field]) / scale),
            Baseline = One(Jn.D(baseline[field]) / scale),
            Target = target,
            Pass = pass(Jn.D(product[field]) / scale),
        };

        result.Metrics.Add(Delta("fd growth (after − before), assemblies' mapped files excluded", "fds", "fd_growth_excluding_assemblies", "0", v => v <= 0));
        result.Metrics.Add(new Metric { Name = "fd growth, raw", Unit = "fds", Product = One(Jn.D(product["fd_growth"])), Baseline = One(Jn.D(baseline["fd_growth"])), Note = "(see fd_kinds_changed in the run line: framework .dll files first mapped during the run)" });
        result.Metrics.Add(Delta("socket growth (after − before)", "sockets", "sock_growth", "0", v => v <= 0));
        result.Metrics.Add(new Metric { Name = "thread growth (after − before)", Unit = "threads", Product = One(Jn.D(product["thread_growth"])), Baseline = One(Jn.D(baseline["thread_growth"])), Note = "(the thread pool sizes itself; informational)" });
        result.Metrics.Add(new Metric { Name = "GC live heap growth", Unit = "MB", Product = One((Jn.D(product["gc_live_after_mib"]) - Jn.D(product["gc_live_before_mib"])) * 1.048576), Baseline = One((Jn.D(baseline["gc_live_after_mib"]) - Jn.D(baseline["gc_live_before_mib"])) * 1.048576) });
        result.Metrics.Add(Delta("resident memory growth", "MB", "rss_growth_bytes", "≤ 10 MB", v => v <= 10, 1_000_000));
        result.Metrics.Add(new Metric { Name = "throughput", Unit = "probes/s", Product = One(Jn.D(product["probes_per_sec"])), Baseline = One(Jn.D(baseline["probes_per_sec"])) });
        result.Metrics.Add(new Metric { Name = "CPU per probe", Unit = "µs", Product = One(Jn.D(product["cpu_us_per_probe"])), Baseline = One(Jn.D(baseline["cpu_us_per_probe"])) });
    }

    private static Summary One(double v) => new(v, v, v, 1);

    /// <summary>Awaits <paramref name="work"/>, reading resident memory (MiB) into <paramref name="trace"/> every second.</summary>
    private static async Task<T> Traced<T>(Task<T> work, JsonArray trace)
    {
        // One timer, disposed with the loop (which ends its pending tick), rather than a Task.Delay left running.
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await Task.WhenAny(work, tick.WaitForNextTickAsync().AsTask()).ConfigureAwait(false) != work)
            trace.Add(Math.Round(ProcInfo.Rss() / 1048576.0, 1));
        return await work.ConfigureAwait(false);
    }

    /// <summary>
    /// Resident memory before and after, read alike while the probing runs: the median of the run's seconds 2–6 against
    /// the median of its last five. A forced GC right before a reading lowers it by however much the GC has decommitted
    /// by then, which varied by several MB between two readings; the running process does not.
    /// </summary>
    private static (long Before, long After)? RssFromTrace(JsonArray trace)
    {
        var mib = trace.Select(n => n!.GetValue<double>()).ToList();
        var window = Math.Min(5, (mib.Count - 1) / 2);
        if (window < 2)
            return null;
        static long Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return (long)(sorted[sorted.Count / 2] * 1048576);
        }

        return (Median(mib.Skip(1).Take(window)), Median(mib.TakeLast(window)));
    }

    private sealed record Resources(int Fds, int Sockets, int Threads, long Rss, long GcLive, long GcCommitted, SortedDictionary<string, int> Kinds);

    private static async Task<Resources> SampleMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var live = GC.GetTotalMemory(true);
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        // Resident memory moves with the allocation churn of a live supervisor: the median of 5 samples over 0.5 s.
        var rss = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(100).ConfigureAwait(false);
            rss.Add(ProcInfo.Rss());
        }

        rss.Sort();
        return new Resources(0, 0, 0, (long)rss[2], live, committed, []);
    }

    private static async Task<Resources> Sample()
    {
        await Task.Delay(400).ConfigureAwait(false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        int fds = int.MaxValue, socks = int.MaxValue, threads = int.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            fds = Math.Min(fds, ProcInfo.Fds());
            socks = Math.Min(socks, ProcInfo.Sockets());
            threads = Math.Min(threads, ProcInfo.Threads());
            await Task.Delay(30).ConfigureAwait(false);
        }

        return new Resources(fds, socks, threads, ProcInfo.Rss(), GC.GetTotalMemory(true), GC.GetGCMemoryInfo().TotalCommittedBytes, ProcInfo.FdKinds());
    }

    private static JsonObject Line(string prober, long probes, double seconds, TimeSpan cpu, Resources before, Resources after, Dictionary<string, long> outcomes) => new()
    {
        ["prober"] = prober,
        ["probes"] = probes,
        ["seconds"] = Math.Round(seconds, 2),
        ["probes_per_sec"] = Math.Round(probes / seconds, 0),
        ["cpu_us_per_probe"] = Math.Round(cpu.TotalMicroseconds / probes, 2),
        ["outcomes"] = new JsonObject(outcomes.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["fd_before"] = before.Fds,
        ["fd_after"] = after.Fds,
        ["fd_growth"] = after.Fds - before.Fds,
        ["sock_before"] = before.Sockets,
        ["sock_after"] = after.Sockets,
        ["sock_growth"] = after.Sockets - before.Sockets,
        ["threads_before"] = before.Threads,
        ["threads_after"] = after.Threads,
        ["thread_growth"] = after.Threads - before.Threads,
        ["rss_before_mib"] = Math.Round(before.Rss / 1048576.0, 2),
        ["rss_after_mib"] = Math.Round(after.Rss / 1048576.0, 2),
        ["rss_growth_bytes"] = after.Rss - before.Rss,
        ["fd_kinds_changed"] = new JsonObject(after.Kinds.Keys.Union(before.Kinds.Keys)
            .Where(k => after.Kinds.GetValueOrDefault(k) != before.Kinds.GetValueOrDefault(k))
            .Select(k => KeyValuePair.Create(k, (JsonNode?)$"{before.Kinds.GetValueOrDefault(k)} -> {after.Kinds.GetValueOrDefault(k)}"))),
        ["gc_live_before_mib"] = Math.Round(before.GcLive / 1048576.0, 2),
        ["gc_live_after_mib"] = Math.Round(after.GcLive / 1048576.0, 2),
        ["gc_committed_before_mib"] = Math.Round(before.GcCommitted / 1048576.0, 2),
        ["gc_committed_after_mib"] = Math.Round(after.GcCommitted / 1048576.0, 2),
    };

    private static async Task<Dictionary<string, long>> Drive(ActorSystem system, IActorRef supervisor, List<string> pods, long probes, JsonArray? trace)
    {
        var done = new TaskCompletionSource<Dictionary<string, long>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var driver = system.ActorOf(Props.Create(() => new SoakDriver(supervisor, pods, probes, done)));
        var outcomes = trace is null ? await done.Task.ConfigureAwait(false) : await Traced(done.Task, trace).ConfigureAwait(false);
        await driver.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>Keeps one ProbePod outstanding per pod until <c>probes</c> answers came back.</summary>
    private sealed class SoakDriver : UntypedActor
    {
        private readonly IActorRef _supervisor;
        private readonly List<string> _pods;
        private readonly long _target;
        private readonly TaskCompletionSource<Dictionary<string, long>> _done;
        private readonly Dictionary<string, long> _outcomes = [];
        private long _asked;
        private long _answered;

        public SoakDriver(IActorRef supervisor, List<string> pods, long target, TaskCompletionSource<Dictionary<string, long>> done)
        {
            (_supervisor, _pods, _target, _done) = (supervisor, pods, target, done);
        }

        protected override void PreStart()
        {
            foreach (var pod in _pods)
                Ask(pod);
        }

        private void Ask(string pod)
        {
            if (_asked >= _target)
                return;
            _asked++;
            _supervisor.Tell(new Fleet.ProbePod(pod));
        }

        protected override void OnReceive(object message)
        {
            string pod;
            string outcome;
            switch (message)
            {
                case ProbeResult r:
                    (pod, outcome) = (r.Pod, r.Outcome.ToWireName());
                    break;
                case Fleet.UnknownPod u:
                    (pod, outcome) = (u.PodName, "unknown-pod");
                    break;
                default:
                    Unhandled(message);
                    return;
            }

            _answered++;
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            if (_answered >= _target)
                _done.TrySetResult(new Dictionary<string, long>(_outcomes));
            else
                Ask(pod);
        }
    }

    private static async Task<Dictionary<string, long>> PlainDrive(string registryDir, List<Pod> healthy, long probes, TimeSpan timeout, TimeSpan period)
    {
        long asked = 0;
        var outcomes = new Dictionary<string, long>();
        using var stop = new CancellationTokenSource();
        // At most one periodic probe per pod in flight, as in the supervisor; each is awaited before the drive ends.
        var inFlight = new Dictionary<string, Task>();

        void Count(PlainOutcome o)
        {
            lock (outcomes)
                outcomes[o.ToString()] = outcomes.GetValueOrDefault(o.ToString()) + 1;
        }

        async Task Loop(Pod pod)
        {
            while (Interlocked.Increment(ref asked) <= probes)
                Count((await PlainProber.ProbeAsync(pod, timeout).ConfigureAwait(false)).Outcome);
        }

        async Task Periodic()
        {
            using var timer = new PeriodicTimer(period);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    // Like the supervisor: the registry is re-read every period.
                    foreach (var pod in Registry.Read(registryDir))
                    {
                        if (inFlight.TryGetValue(pod.Name, out var running) && !running.IsCompleted)
                            continue;
                        inFlight[pod.Name] = Task.Run(async () => Count((await PlainProber.ProbeAsync(pod, timeout).ConfigureAwait(false)).Outcome));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        var periodic = Periodic();
        await Task.WhenAll(healthy.Select(p => Task.Run(() => Loop(p)))).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await periodic.ConfigureAwait(false);
        await Task.WhenAll(inFlight.Values).ConfigureAwait(false);
        return outcomes;
    }
}
