using System.Diagnostics;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Product;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// probe-cycle: every pod probed concurrently, repeated cycles (mode <c>cycle</c>), and one probe at a time (mode
/// <c>seq</c>), the product (ProbeAll / ProbePod through the supervisor) against the plain prober, rounds interleaved.
/// </summary>
public static class ProbeCycle
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "probe every pod: supervisor actors vs a plain .NET prober";
        var pods = args.Int("pods", 100);
        var rounds = args.Int("rounds", 5);
        var cycles = args.Int("cycles", 30);
        var seqProbes = args.Int("seq-probes", 600);
        var warmup = args.Int("warmup", 5);
        var timeout = TimeSpan.FromMilliseconds(args.Int("timeout-ms", 200));
        var modes = (args.Str("mode", "cycle,seq")!).Split(',');
        var probers = (args.Str("prober", "actor,plain")!).Split(',');

        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartAsync(args.Str("fleet", "self")!, pods, "normal", "probe", args.Str("dialect", "pod")!).ConfigureAwait(false);
        var listed = fleet.Pods;
        pods = listed.Count;
        result.Notes.Add($"Fleet: {pods} pods ({fleet.Kind} fleet, separate process); {rounds} rounds × {cycles} cycles (cycle mode) and × {seqProbes} probes (seq mode), after a warm-up of at least {warmup} cycles that lasts until the JIT has settled (see below); probe deadline {timeout.TotalMilliseconds:0} ms.");
        result.Notes.Add("Product: Fleet.ProbeAll / Fleet.ProbePod asked of PodSupervisor (registry re-read each cycle, one ProbeActor + connection + reader per probe). Baseline: a plain async prober (Socket, UnixDomainSocketEndPoint, CancellationTokenSource deadline, using), re-reading pods.json each cycle. Latency: cycle mode = each probe's own latency; seq mode = wall time of one request.");

        var instances = new Dictionary<string, IProber>();
        foreach (var p in probers)
            instances[p] = p == "actor" ? new ActorProber(fleet.RuntimeDir, timeout) : new PlainCycleProber(fleet.RuntimeDir, timeout);
        try
        {
            // Warm-up until the JIT has settled (tier-1 code, as in a supervisor that has run a while), the thread pool
            // has grown and the supervisor has read the registry: a cycle and a few single probes per step.
            foreach (var (name, prober) in instances)
            {
                var warm = await JitWarmup.RunAsync(
                    async () =>
                    {
                        await prober.CycleAsync().ConfigureAwait(false);
                        foreach (var pod in listed.Take(10))
                            await prober.ProbeOneAsync(pod).ConfigureAwait(false);
                    },
                    minSteps: warmup).ConfigureAwait(false);
                result.Notes.Add($"Warm-up of `{name}`: {warm}.");
                Out.Log($"probe-cycle: warm-up of {name}: {warm}");
            }

            var runs = new List<JsonObject>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var mode in modes)
                {
                    // Interleaved A B A B …; the order flips every round so neither always runs first.
                    var order = round % 2 == 0 ? probers : probers.Reverse().ToArray();
                    foreach (var name in order)
                    {
                        var line = await OneRun(instances[name], mode, listed, cycles, seqProbes).ConfigureAwait(false);
                        line["round"] = round;
                        result.Run(line);
                        runs.Add(line);
                    }
                }
            }

            Summarise(result, runs);
        }
        finally
        {
            foreach (var p in instances.Values)
                await p.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<JsonObject> OneRun(IProber prober, string mode, List<Pod> pods, int cycles, int seqProbes)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var fdBefore = ProcInfo.Fds();
        var sockBefore = ProcInfo.Sockets();
        var latencies = new List<double>(mode == "seq" ? seqProbes : cycles * pods.Count);
        long ok = 0, failed = 0;
        var outcomes = new Dictionary<string, int>();
        var cpu0 = ProcInfo.SelfCpu();
        var sw = Stopwatch.StartNew();
        var done = 0;
        if (mode == "seq")
        {
            for (var i = 0; i < seqProbes; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var s = await prober.ProbeOneAsync(pods[i % pods.Count]).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                Count(s);
            }

            done = seqProbes;
        }
        else
        {
            for (var c = 0; c < cycles; c++)
            {
                foreach (var s in await prober.CycleAsync().ConfigureAwait(false))
                {
                    latencies.Add(s.Micros);
                    Count(s);
                }
            }

            done = cycles;
        }

        sw.Stop();
        var cpu = ProcInfo.SelfCpu() - cpu0;
        // Right after the last cycle completed: what is still open?
        var fdAfter = ProcInfo.Fds();
        var sockAfter = ProcInfo.Sockets();
        // And once the probes' actors have finished stopping.
        var settle = Stopwatch.StartNew();
        var sockSettled = sockAfter;
        while (sockSettled > sockBefore && settle.ElapsedMilliseconds < 1000)
        {
            await Task.Delay(10).ConfigureAwait(false);
            sockSettled = ProcInfo.Sockets();
        }

        var probes = ok + failed;
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new JsonObject
        {
            ["prober"] = prober.Name,
            ["mode"] = mode,
            ["pods"] = pods.Count,
            ["cycles"] = mode == "seq" ? 0 : done,
            ["probes"] = probes,
            ["ok"] = ok,
            ["failed"] = failed,
            ["outcomes"] = new JsonObject(outcomes.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 4),
            ["probes_per_sec"] = Jn.N(probes / sw.Elapsed.TotalSeconds, 1),
            ["cpu_us_per_probe"] = Jn.N(cpu.TotalMicroseconds / probes, 2),
            ["p50_us"] = Jn.N(Stats.Percentile(sorted, 50), 1),
            ["p99_us"] = Jn.N(Stats.Percentile(sorted, 99), 1),
            ["fd_before"] = fdBefore,
            ["fd_after"] = fdAfter,
            ["sock_before"] = sockBefore,
            ["sock_after"] = sockAfter,
            ["sock_settled"] = sockSettled,
            ["settle_ms"] = settle.ElapsedMilliseconds,
        };

        void Count(ProbeSample s)
        {
            if (s.Ok)
                ok++;
            else
                failed++;
            outcomes[s.Outcome] = outcomes.GetValueOrDefault(s.Outcome) + 1;
        }
    }

    private static void Summarise(ScenarioResult result, List<JsonObject> runs)
    {
        Summary? Of(string prober, string mode, string field) =>
            Summary.Of(runs.Where(r => Jn.S(r["prober"]) == prober && Jn.S(r["mode"]) == mode).Select(r => Jn.D(r[field])));

        var tput = Of("actor", "cycle", "probes_per_sec");
        var tputBase = Of("plain", "cycle", "probes_per_sec");
        result.Metrics.Add(Ratio("cycle throughput", "probes/s", tput, tputBase, "≥ 0.6× baseline", r => r >= 0.6));
        var seq = Of("actor", "seq", "p50_us");
        var seqBase = Of("plain", "seq", "p50_us");
        result.Metrics.Add(Ratio("seq p50 latency", "µs", seq, seqBase, "≤ 1.5× baseline", r => r <= 1.5));
        result.Metrics.Add(Ratio("seq p99 latency", "µs", Of("actor", "seq", "p99_us"), Of("plain", "seq", "p99_us"), null, null));
        result.Metrics.Add(Ratio("seq throughput", "probes/s", Of("actor", "seq", "probes_per_sec"), Of("plain", "seq", "probes_per_sec"), null, null));
        result.Metrics.Add(Ratio("cycle p50 latency", "µs", Of("actor", "cycle", "p50_us"), Of("plain", "cycle", "p50_us"), null, null));
        result.Metrics.Add(Ratio("cycle p99 latency", "µs", Of("actor", "cycle", "p99_us"), Of("plain", "cycle", "p99_us"), null, null));
        result.Metrics.Add(Ratio("cycle CPU per probe", "µs", Of("actor", "cycle", "cpu_us_per_probe"), Of("plain", "cycle", "cpu_us_per_probe"), null, null));
        result.Metrics.Add(Ratio("seq CPU per probe", "µs", Of("actor", "seq", "cpu_us_per_probe"), Of("plain", "seq", "cpu_us_per_probe"), null, null));

        Summary? Extra(string prober, string field) =>
            Summary.Of(runs.Where(r => Jn.S(r["prober"]) == prober).Select(r => Jn.D(r[field]) - Jn.D(r["sock_before"])));
        var extra = Extra("actor", "sock_after");
        var extraBase = Extra("plain", "sock_after");
        result.Metrics.Add(new Metric
        {
            Name = "sockets open after a cycle, beyond before",
            Unit = "sockets",
            Product = extra is null ? null : extra with { Median = extra.Max },
            Baseline = extraBase is null ? null : extraBase with { Median = extraBase.Max },
            Target = "0",
            Pass = extra is null ? null : extra.Max <= 0,
            Note = "(worst run, read the moment the cycle's reply arrived)",
        });
        var settled = Extra("actor", "sock_settled");
        result.Metrics.Add(new Metric
        {
            Name = "sockets open ≤ 1 s after a cycle, beyond before",
            Unit = "sockets",
            Product = settled is null ? null : settled with { Median = settled.Max },
            Baseline = null,
            Note = "(worst run)",
        });
        var failed = runs.Where(r => Jn.S(r["prober"]) == "actor").Sum(r => (long)Jn.D(r["failed"]));
        var failedBase = runs.Where(r => Jn.S(r["prober"]) == "plain").Sum(r => (long)Jn.D(r["failed"]));
        result.Notes.Add($"Failed probes over all runs (a normal fleet: expected 0): product {failed}, baseline {failedBase}.");
    }

    public static Metric Ratio(string name, string unit, Summary? product, Summary? baseline, string? target, Func<double, bool>? pass)
    {
        var m = new Metric { Name = name, Unit = unit, Product = product, Baseline = baseline, Target = target };
        return m.Ratio is { } r && pass is not null ? new Metric { Name = name, Unit = unit, Product = product, Baseline = baseline, Target = target, Pass = pass(r) } : m;
    }
}
