using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Supervision;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Product;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// managed: (1) restart latency — a managed test pod (tests/Yoi.TestPod) is SIGKILLed; from the owner seeing the exit
/// (its <c>backoff</c> transition, backoff 0) to the new process ready (<c>running</c>: ready line read from the log
/// file and a probe answered) — against the baseline of the same pod started with <c>Process.Start</c> and its
/// stderr pipe read until the ready line, rounds interleaved in one run. (2) 100 managed idle pods: the supervisor
/// (a separate process, <c>managed-supervise</c>: the PodSupervisor with 100 managed pods at the default period, so
/// it also probes them every 2 s, started <c>--batch</c> at a time, a child subreaper as <c>run</c> is) — its CPU
/// (from /proc), resident memory and fds over a window once every pod is running, beside the benchmark's plain daemon
/// probing the same pods over the same window.
/// </summary>
public static class ManagedPodsBench
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "managed pods: restart latency, and the supervisor of 100 idle managed pods";
        var exe = TestPodExe() ?? throw new InvalidOperationException("the test pod is not built (tests/Yoi.TestPod): dotnet build -c Release");
        if (!args.Has("idle-only"))
            await RestartLatencyAsync(exe, args.Int("rounds", 15), result).ConfigureAwait(false);
        await IdleAsync(exe, args.Int("pods", 100), args.Int("batch", 20), args.Double("seconds", 15), result).ConfigureAwait(false);
    }

    public static string? TestPodExe()
    {
        foreach (var config in new[] { "Release", "Debug" })
        {
            var exe = Path.Combine(Repo.Root, "tests", "Yoi.TestPod", "bin", config, "net10.0", "Yoi.TestPod");
            if (File.Exists(exe))
                return exe;
        }

        return null;
    }

    private static string TempDir(string kind)
    {
        var dir = Path.Combine("/tmp", $"yoi-bm-{kind}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    private static ManagedPodSpec Spec(string exe, string dir, string name) => new()
    {
        Name = name,
        Command = [exe, "--name", name, "--runtime-dir", dir],
        LogDir = Path.Combine(dir, "logs"),
        ReadyTimeout = TimeSpan.FromSeconds(120),
        BackoffInitial = TimeSpan.Zero,
        BackoffMax = TimeSpan.Zero,
        MaxRestarts = 100_000,
        StopGrace = TimeSpan.FromSeconds(5),
    };

    private static async Task RestartLatencyAsync(string exe, int rounds, ScenarioResult result)
    {
        var dir = TempDir("restart");
        var transitions = Channel.CreateBounded<(long At, Yoi.Actors.Managed.Managed.ProcessStateChanged Change)>(4096);
        var system = BenchSystem.Create("managed-bench");
        var managedMs = new List<double>();
        var plainMs = new List<double>();
        try
        {
            system.ActorOf(Sink.Props([Spec(exe, dir, "m")], dir, transitions.Writer), "sink");
            var pid = (await NextAsync(transitions.Reader, ManagedState.Running).ConfigureAwait(false)).Change.Pid!.Value;
            for (var round = 0; round < rounds + 1; round++)
            {
                // Managed: SIGKILL the pod, time its owner's exit → ready.
                Posix.Kill(pid, 9);
                var exitSeen = await NextAsync(transitions.Reader, ManagedState.Backoff).ConfigureAwait(false);
                var ready = await NextAsync(transitions.Reader, ManagedState.Running).ConfigureAwait(false);
                pid = ready.Change.Pid!.Value;
                var managed = (ready.At - exitSeen.At) * 1000.0 / Stopwatch.Frequency;

                // Baseline: the same pod, Process.Start and its stderr pipe read until the ready line.
                var plain = await PlainStartAsync(exe, dir).ConfigureAwait(false);
                if (round == 0)
                    continue; // warm-up (page cache, JIT of the supervisor's paths)
                managedMs.Add(managed);
                plainMs.Add(plain);
                result.Run(new JsonObject { ["round"] = round, ["managed_ms"] = Math.Round(managed, 2), ["plain_ms"] = Math.Round(plain, 2) });
            }
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
            TryDelete(dir);
        }

        var sortedManaged = managedMs.Order().ToList();
        var sortedPlain = plainMs.Order().ToList();
        var p50 = Stats.Median(sortedManaged) / Stats.Median(sortedPlain);
        result.Metrics.Add(new Metric
        {
            Name = "restart latency p50 (exit seen → ready)",
            Unit = "ms",
            Product = Summary.Of(managedMs),
            Baseline = Summary.Of(plainMs),
            Target = "≤ 1.5× baseline",
            Pass = p50 <= 1.5,
            Note = "baseline: Process.Start of the same test pod + its stderr pipe read until the ready line",
        });
        var p99Managed = Percentile(sortedManaged, 0.99);
        var p99Plain = Percentile(sortedPlain, 0.99);
        result.Metrics.Add(new Metric
        {
            Name = "restart latency p99 (exit seen → ready)",
            Unit = "ms",
            Product = new Summary(p99Managed, sortedManaged[0], sortedManaged[^1], sortedManaged.Count),
            Baseline = new Summary(p99Plain, sortedPlain[0], sortedPlain[^1], sortedPlain.Count),
            Target = "≤ 1.5× baseline",
            Pass = p99Managed / p99Plain <= 1.5,
            Note = $"{rounds} interleaved rounds (p99 of so few is their maximum)",
        });
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<double> PlainStartAsync(string exe, string dir)
    {
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--name", "plain", "--runtime-dir", dir })
            psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        string? line;
        while ((line = await process.StandardError.ReadLineAsync().ConfigureAwait(false)) is not null && !line.StartsWith("YOI-READY\tplain\t", StringComparison.Ordinal))
        {
        }

        var elapsed = clock.Elapsed.TotalMilliseconds;
        Posix.Kill(process.Id, 2);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (line is null)
            throw new InvalidOperationException("the plain test pod ended without its ready line");
        return elapsed;
    }

    private static async Task<(long At, Yoi.Actors.Managed.Managed.ProcessStateChanged Change)> NextAsync(
        ChannelReader<(long At, Yoi.Actors.Managed.Managed.ProcessStateChanged Change)> reader, ManagedState to)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            var next = await reader.ReadAsync(limit.Token).ConfigureAwait(false);
            if (next.Change.To == ManagedState.Fatal)
                throw new InvalidOperationException($"the managed pod went fatal: {next.Change.Reason}");
            if (next.Change.To == to)
                return next;
        }
    }

    private static async Task IdleAsync(string exe, int pods, int batch, double seconds, ScenarioResult result)
    {
        var dir = TempDir("idle");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var supervisor = Idle.Start(Repo.SelfCommand(),
            ["managed-supervise", "--runtime-dir", dir, "--pods", pods.ToString(inv), "--batch", batch.ToString(inv), "--test-pod", exe], dir);
        Process? plain = null;
        try
        {
            // Every pod registered (so running): then the start-up burst is over.
            var clock = Stopwatch.StartNew();
            while (Registry.Read(dir).Count < pods)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(420) || supervisor.HasExited)
                    throw new InvalidOperationException($"only {Registry.Read(dir).Count} of {pods} managed pods came up");
                await Task.Delay(500).ConfigureAwait(false);
            }

            var startup = clock.Elapsed.TotalSeconds;
            // The baseline, over the same window: the benchmark's plain daemon probing the same pods every 2 s (what
            // the supervisor does besides owning them).
            plain = Idle.Start(Repo.SelfCommand(), ["plain-daemon", "--runtime-dir", dir], dir);
            await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            var cpu0 = ProcInfo.Cpu(supervisor.Id);
            var plainCpu0 = ProcInfo.Cpu(plain.Id);
            var window = Stopwatch.StartNew();
            long rssMax = 0;
            while (window.Elapsed.TotalSeconds < seconds)
            {
                await Task.Delay(1000).ConfigureAwait(false);
                rssMax = Math.Max(rssMax, ProcInfo.Rss(supervisor.Id));
            }

            var pct = (ProcInfo.Cpu(supervisor.Id) - cpu0).TotalSeconds / window.Elapsed.TotalSeconds * 100;
            var plainPct = (ProcInfo.Cpu(plain.Id) - plainCpu0).TotalSeconds / window.Elapsed.TotalSeconds * 100;
            var line = new JsonObject
            {
                ["pods"] = pods,
                ["batch"] = batch,
                ["loadavg"] = LoadAverage(),
                ["startup_seconds"] = Math.Round(startup, 1),
                ["seconds"] = Math.Round(window.Elapsed.TotalSeconds, 1),
                ["cpu_pct_of_core"] = Math.Round(pct, 3),
                ["plain_daemon_cpu_pct_of_core"] = Math.Round(plainPct, 3),
                ["rss_max_mib"] = Math.Round(rssMax / 1048576.0, 1),
                ["fds"] = ProcInfo.Fds(supervisor.Id),
                ["threads"] = ProcInfo.Threads(supervisor.Id),
            };
            result.Run(line);
            result.Metrics.Add(new Metric
            {
                Name = $"{pods} managed idle pods: supervisor CPU",
                Unit = "% of a core",
                Product = new Summary(pct, pct, pct, 1),
                Baseline = new Summary(plainPct, plainPct, plainPct, 1),
                Target = "≤ 1 % of one core",
                Pass = pct <= 1,
                Note = $"the supervisor process alone (from /proc) over {seconds:0} s once all {pods} run, default 2 s period (it probes the {pods} pods too); load average {LoadAverage()}; baseline: the plain daemon probing the same pods every 2 s, same window",
            });
            result.Metrics.Add(new Metric
            {
                Name = $"{pods} managed idle pods: supervisor resident memory (peak sampled)",
                Unit = "MiB",
                Product = new Summary(rssMax / 1048576.0, rssMax / 1048576.0, rssMax / 1048576.0, 1),
            });
        }
        finally
        {
            if (plain is { HasExited: false })
                plain.Kill();
            plain?.Dispose();
            // SIGTERM: its actor system's coordinated shutdown stops the 100 pods gracefully.
            if (!supervisor.HasExited)
            {
                Posix.Kill(supervisor.Id, 15);
                if (!supervisor.WaitForExit(60_000))
                    supervisor.Kill(entireProcessTree: true);
            }

            supervisor.Dispose();
            TryDelete(dir);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary><c>managed-supervise</c>: a PodSupervisor with N managed test pods, until SIGTERM. They are started
    /// <c>--batch</c> at a time (the next batch added by a reload once the last one has registered): 100 .NET
    /// processes starting at once on two busy cores starve each other for minutes.</summary>
    public static async Task<int> SuperviseAsync(Args args)
    {
        var dir = args.Str("runtime-dir")!;
        var exe = args.Str("test-pod") ?? TestPodExe()!;
        var batch = Math.Max(1, args.Int("batch", 20));
        var specs = Enumerable.Range(1, args.Int("pods", 100)).Select(i => Spec(exe, dir, $"m{i}") with
        {
            // 100 .NET pods starting at once on two busy cores take minutes: none may time out meanwhile.
            ReadyTimeout = TimeSpan.FromMinutes(10),
            BackoffInitial = TimeSpan.FromSeconds(1),
            BackoffMax = TimeSpan.FromSeconds(30),
        }).ToList();
        using var system = BenchSystem.Create("managed-supervise");
        var supervisor = system.ActorOf(PodSupervisor.Props(new SupervisorSettings { RuntimeDir = dir, Managed = specs.Take(batch).ToList(), ManagedSubreaper = true }), PodSupervisor.DefaultName);
        var term = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            term.TrySetResult();
        });
        for (var started = Math.Min(batch, specs.Count); started < specs.Count && !term.Task.IsCompleted;)
        {
            if (Registry.Read(dir).Count < started)
            {
                await Task.WhenAny(term.Task, Task.Delay(250)).ConfigureAwait(false);
                continue;
            }

            started = Math.Min(specs.Count, started + batch);
            await supervisor.Ask<Yoi.Actors.Managed.Managed.Reloaded>(new Yoi.Actors.Managed.Managed.Reload(specs.Take(started).ToList()), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        await term.Task.ConfigureAwait(false);
        await system.Terminate().ConfigureAwait(false);
        return 0;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The parent of the bench's ManagedPods: every transition, time-stamped, into a channel.</summary>
    private sealed class Sink : UntypedActor
    {
        private readonly ChannelWriter<(long, Yoi.Actors.Managed.Managed.ProcessStateChanged)> _writer;

        public Sink(IReadOnlyList<ManagedPodSpec> specs, string dir, ChannelWriter<(long, Yoi.Actors.Managed.Managed.ProcessStateChanged)> writer)
        {
            _writer = writer;
            Context.ActorOf(ManagedPods.Props(specs, dir, ManagedPodTimings.Default), "managed");
        }

        public static Props Props(IReadOnlyList<ManagedPodSpec> specs, string dir, ChannelWriter<(long, Yoi.Actors.Managed.Managed.ProcessStateChanged)> writer) =>
            Akka.Actor.Props.Create(() => new Sink(specs, dir, writer));

        protected override void OnReceive(object message)
        {
            if (message is Yoi.Actors.Managed.Managed.ProcessStateChanged changed)
                _writer.TryWrite((Stopwatch.GetTimestamp(), changed)); // bounded: a full channel drops (the bench reads on)
        }
    }
}
