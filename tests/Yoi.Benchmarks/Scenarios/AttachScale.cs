using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Akka.Actor;
using Yoi.Actors.Framing;
using Yoi.Benchmarks.Baselines;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Product;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// attach-scale: K concurrent sessions held idle. Each run is a fresh worker process (so one run's heap does not flatter
/// the next): resident memory per connection after a forced GC, time to attach all K (every snapshot delivered), fds
/// beyond K, and the CPU used while the K connections sit idle. Product: K PodSessionActors with a counting subscriber.
/// Baseline: K plain async read loops (4 KiB buffer each → LineFramer → EventCodec).
/// </summary>
public static class AttachScale
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "K idle attached sessions: memory, attach time, fds";
        var ks = (args.Str("ks", "1000,10000")!).Split(',').Select(int.Parse).ToArray();
        var rounds = args.Int("rounds", 3);
        var roundsLarge = args.Int("rounds-large", 2);
        var podCount = args.Int("pods", 100);
        var (soft, hard) = ProcInfo.RaiseFdLimit();
        result.Notes.Add($"Fleet: {podCount} normal pods (benchmark fleet, separate process); K sessions spread over them round-robin. Each run in a fresh worker process; open-files limit raised to {soft} (hard {hard}) and inherited.");
        result.Notes.Add("Memory per connection = (RSS with K attached − RSS before, both after a forced full GC) / K, client side only. Idle CPU: the worker's CPU over 2 s with all K attached and quiet.");
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartSelfAsync($"normal:{podCount}", tag: "scale").ConfigureAwait(false);

        var runs = new List<JsonObject>();
        foreach (var k in ks)
        {
            var n = k >= 5000 ? roundsLarge : rounds;
            for (var round = 0; round < n; round++)
            {
                foreach (var impl in round % 2 == 0 ? new[] { "actor", "plain" } : ["plain", "actor"])
                {
                    var line = await RunWorker(impl, k, fleet.RuntimeDir, args.Double("idle-seconds", 2)).ConfigureAwait(false);
                    line["round"] = round;
                    result.Run(line);
                    runs.Add(line);
                }
            }
        }

        foreach (var k in ks)
        {
            Summary? Of(string impl, string field) =>
                Summary.Of(runs.Where(r => Jn.S(r["impl"]) == impl && Jn.D(r["k"]) == k).Select(r => Jn.D(r[field])));
            var kib = Of("actor", "kib_per_conn");
            result.Metrics.Add(new Metric
            {
                Name = $"K={k:N0}: memory per connection",
                Unit = "KiB",
                Product = kib,
                Baseline = Of("plain", "kib_per_conn"),
                Target = k >= 10_000 ? "≤ 8 KiB, all held" : null,
                Pass = k >= 10_000 && kib is not null ? kib.Median <= 8 && runs.Where(r => Jn.S(r["impl"]) == "actor" && Jn.D(r["k"]) == k).All(r => r["all_attached"]!.GetValue<bool>()) : null,
            });
            result.Metrics.Add(ProbeCycle.Ratio($"K={k:N0}: time to attach all", "ms", Of("actor", "attach_ms"), Of("plain", "attach_ms"), null, null));
            var extra = Of("actor", "fd_extra");
            result.Metrics.Add(new Metric
            {
                Name = $"K={k:N0}: fds beyond K (the constant)",
                Unit = "fds",
                Product = extra,
                Baseline = Of("plain", "fd_extra"),
                Target = k >= 10_000 ? "fds = K + constant" : null,
                Pass = k >= 10_000 && extra is not null ? extra.Max - extra.Min <= 8 && extra.Max < 200 : null,
            });
            var cpu = Of("actor", "idle_cpu_pct");
            result.Metrics.Add(new Metric
            {
                Name = $"K={k:N0}: CPU while idle",
                Unit = "% of a core",
                Product = cpu,
                Baseline = Of("plain", "idle_cpu_pct"),
                Target = k >= 10_000 ? "no idle CPU (< 1 %)" : null,
                Pass = k >= 10_000 && cpu is not null ? cpu.Median < 1 : null,
            });
        }
    }

    private static async Task<JsonObject> RunWorker(string impl, int k, string runtimeDir, double idleSeconds)
    {
        var (file, prefix) = Repo.SelfCommand();
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in prefix.Concat(["scale-worker", "--impl", impl, "--k", k.ToString(System.Globalization.CultureInfo.InvariantCulture), "--runtime-dir", runtimeDir, "--idle-seconds", idleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await p.WaitForExitAsync().ConfigureAwait(false);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (last is null)
            throw new InvalidOperationException($"scale-worker {impl} K={k} exited with {p.ExitCode} and no result");
        return JsonNode.Parse(last)!.AsObject();
    }

    /// <summary>One run in this (fresh) process; prints one JSON line.</summary>
    public static async Task<int> WorkerAsync(Args args)
    {
        var impl = args.Str("impl", "actor")!;
        var k = args.Int("k", 1000);
        var dir = args.Str("runtime-dir")!;
        var idleSeconds = args.Double("idle-seconds", 2);
        var pods = Registry.Read(dir).Select(p => (p.Name, p.Socket)).ToList();
        var counter = new Counter();
        ActorSystem? system = null;
        IActorRef? holder = null;
        IActorRef? subscriber = null;
        var sockets = new List<Socket>();
        var readers = new List<Task>();
        using var stop = new CancellationTokenSource();

        async Task Attach(int count)
        {
            if (impl == "actor")
            {
                await holder!.Ask<SessionHolder.Spawned>(new SessionHolder.Spawn(pods, count, subscriber!), TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                return;
            }

            for (var i = 0; i < count; i++)
            {
                var (_, path) = pods[i % pods.Count];
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                sockets.Add(socket);
                readers.Add(ConnectAndRead(socket, path));
            }
        }

        async Task ConnectAndRead(Socket socket, string path)
        {
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                counter.AddDetached();
                return;
            }

            await new PlainReader(counter, 4096).ReadAsync(socket, stop.Token).ConfigureAwait(false);
        }

        async Task<bool> WaitSnapshots(long target, TimeSpan limit)
        {
            var sw = Stopwatch.StartNew();
            while (counter.Snapshots < target)
            {
                if (sw.Elapsed > limit || counter.Detached > 0)
                    return false;
                await Task.Delay(2).ConfigureAwait(false);
            }

            return true;
        }

        if (impl == "actor")
        {
            system = BenchSystem.Create("scale");
            subscriber = system.ActorOf(CountingSubscriber.Props(counter), "subscriber");
            holder = system.ActorOf(SessionHolder.Props(LineFramer.DefaultMaxLineBytes), "sessions");
        }

        // Warm-up: attach a few (JIT, pools), then measure from here.
        await Attach(Math.Min(20, k)).ConfigureAwait(false);
        await WaitSnapshots(Math.Min(20, k), TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var warm = counter.Snapshots;
        await Task.Delay(200).ConfigureAwait(false);
        FullGc();
        var rssBefore = ProcInfo.Rss();
        var fdBefore = ProcInfo.Fds();
        var sockBefore = ProcInfo.Sockets();
        var threadsBefore = ProcInfo.Threads();

        var attach = Stopwatch.StartNew();
        await Attach(k).ConfigureAwait(false);
        var all = await WaitSnapshots(warm + k, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        attach.Stop();

        await Task.Delay(500).ConfigureAwait(false);
        FullGc();
        var rssAfter = ProcInfo.Rss();
        var fdAfter = ProcInfo.Fds();
        var sockAfter = ProcInfo.Sockets();
        // Let start-up work (tiered JIT, thread-pool trimming) settle before the idle window.
        await Task.Delay(TimeSpan.FromSeconds(args.Double("settle-seconds", 1.5))).ConfigureAwait(false);
        var cpu0 = ProcInfo.SelfCpu();
        var idle = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds)).ConfigureAwait(false);
        var idleCpu = (ProcInfo.SelfCpu() - cpu0).TotalSeconds / idle.Elapsed.TotalSeconds * 100;
        var rssIdle = ProcInfo.Rss();
        var threads = ProcInfo.Threads();

        // Tear down: every socket closed.
        var teardown = Stopwatch.StartNew();
        if (holder is not null)
        {
            await holder.GracefulStop(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        else
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var s in sockets)
                s.Dispose();
            await Task.WhenAll(readers).ConfigureAwait(false);
        }

        var teardownMs = teardown.Elapsed.TotalMilliseconds;
        var sockEnd = ProcInfo.Sockets();
        if (system is not null)
            await system.Terminate().ConfigureAwait(false);

        var line = new JsonObject
        {
            ["scenario"] = "attach-scale",
            ["impl"] = impl,
            ["k"] = k,
            ["all_attached"] = all,
            ["snapshots"] = counter.Snapshots - warm,
            ["attach_ms"] = Math.Round(attach.Elapsed.TotalMilliseconds, 1),
            ["rss_before_mib"] = Math.Round(rssBefore / 1048576.0, 2),
            ["rss_after_mib"] = Math.Round(rssAfter / 1048576.0, 2),
            ["rss_idle_mib"] = Math.Round(rssIdle / 1048576.0, 2),
            ["kib_per_conn"] = Math.Round((rssAfter - rssBefore) / 1024.0 / k, 2),
            ["fd_before"] = fdBefore,
            ["fd_after"] = fdAfter,
            ["fd_extra"] = fdAfter - fdBefore - k,
            ["sock_before"] = sockBefore,
            ["sock_after"] = sockAfter,
            ["sock_after_teardown"] = sockEnd,
            ["threads_before"] = threadsBefore,
            ["threads"] = threads,
            ["idle_cpu_pct"] = Math.Round(idleCpu, 2),
            ["teardown_ms"] = Math.Round(teardownMs, 1),
            ["gc_heap_after_teardown_mib"] = Math.Round(GC.GetTotalMemory(false) / 1048576.0, 2),
        };
        Console.Out.WriteLine(line.ToJsonString());
        return all ? 0 : 1;
    }

    private static void FullGc()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
