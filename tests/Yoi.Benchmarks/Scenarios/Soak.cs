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
        var period = TimeSpan.FromMilliseconds(args.Int("period-ms", 100));
        var timeout = TimeSpan.FromMilliseconds(args.Int("timeout-ms", 200));
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartSelfAsync(spec, tag: "soak").ConfigureAwait(false);
        var pods = fleet.Pods;
        result.Notes.Add($"Fleet: {pods.Count} pods `{spec}` (benchmark fleet, separate process). Supervisor period {period.TotalMilliseconds:0} ms, probe deadline {timeout.TotalMilliseconds:0} ms; a driver actor re-asks Fleet.ProbePod for each pod as soon as its last probe answered. {probes:N0} probes (product), then {baselineProbes:N0} with the plain prober.");
        result.Notes.Add("Before/after: after warm-up (5,000 probes) and after the run, each once the probes in flight ended and a forced full GC ran; fds and sockets are the minimum of 10 samples over 300 ms (the periodic cycle may be mid-probe).");

        using var system = BenchSystem.Create("soak");
        var supervisor = system.ActorOf(
            PodSupervisor.Props(new SupervisorSettings { RuntimeDir = fleet.RuntimeDir, Period = period, ProbeTimeout = timeout }),
            PodSupervisor.DefaultName);
        var names = pods.Select(p => p.Name).ToList();

        await Drive(system, supervisor, names, 5_000).ConfigureAwait(false);
        var before = await Sample().ConfigureAwait(false);
        var cpu0 = ProcInfo.SelfCpu();
        var sw = Stopwatch.StartNew();
        var outcomes = await Drive(system, supervisor, names, probes).ConfigureAwait(false);
        var seconds = sw.Elapsed.TotalSeconds;
        var cpu = ProcInfo.SelfCpu() - cpu0;
        var after = await Sample().ConfigureAwait(false);
        var product = Line("actor", probes, seconds, cpu, before, after, outcomes);
        result.Run(product);
        await system.Terminate().ConfigureAwait(false);

        // Baseline: the plain prober, same loop shape (each pod re-probed as soon as it answered).
        await PlainDrive(pods, 2_000, timeout).ConfigureAwait(false);
        var pBefore = await Sample().ConfigureAwait(false);
        cpu0 = ProcInfo.SelfCpu();
        sw.Restart();
        var pOutcomes = await PlainDrive(pods, baselineProbes, timeout).ConfigureAwait(false);
        var pSeconds = sw.Elapsed.TotalSeconds;
        var pCpu = ProcInfo.SelfCpu() - cpu0;
        var pAfter = await Sample().ConfigureAwait(false);
        var baseline = Line("plain", baselineProbes, pSeconds, pCpu, pBefore, pAfter, pOutcomes);
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

        result.Metrics.Add(Delta("fd growth (after − before)", "fds", "fd_growth", "0", v => v <= 0));
        result.Metrics.Add(Delta("socket growth (after − before)", "sockets", "sock_growth", "0", v => v <= 0));
        result.Metrics.Add(Delta("thread growth (after − before)", "threads", "thread_growth", "0", v => v <= 0));
        result.Metrics.Add(Delta("resident memory growth", "MB", "rss_growth_bytes", "≤ 10 MB", v => v <= 10, 1_000_000));
        result.Metrics.Add(new Metric { Name = "throughput", Unit = "probes/s", Product = One(Jn.D(product["probes_per_sec"])), Baseline = One(Jn.D(baseline["probes_per_sec"])) });
        result.Metrics.Add(new Metric { Name = "CPU per probe", Unit = "µs", Product = One(Jn.D(product["cpu_us_per_probe"])), Baseline = One(Jn.D(baseline["cpu_us_per_probe"])) });
    }

    private static Summary One(double v) => new(v, v, v, 1);

    private sealed record Resources(int Fds, int Sockets, int Threads, long Rss);

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

        return new Resources(fds, socks, threads, ProcInfo.Rss());
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
    };

    private static async Task<Dictionary<string, long>> Drive(ActorSystem system, IActorRef supervisor, List<string> pods, long probes)
    {
        var done = new TaskCompletionSource<Dictionary<string, long>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var driver = system.ActorOf(Props.Create(() => new SoakDriver(supervisor, pods, probes, done)));
        var outcomes = await done.Task.ConfigureAwait(false);
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

    private static async Task<Dictionary<string, long>> PlainDrive(List<Pod> pods, long probes, TimeSpan timeout)
    {
        long asked = 0;
        var outcomes = new Dictionary<string, long>();
        async Task Loop(Pod pod)
        {
            while (Interlocked.Increment(ref asked) <= probes)
            {
                var (o, _) = await PlainProber.ProbeAsync(pod, timeout).ConfigureAwait(false);
                lock (outcomes)
                    outcomes[o.ToString()] = outcomes.GetValueOrDefault(o.ToString()) + 1;
            }
        }

        await Task.WhenAll(pods.Select(p => Task.Run(() => Loop(p)))).ConfigureAwait(false);
        return outcomes;
    }
}
