using System.Text.Json.Nodes;
using Akka.Actor;
using Yoi.Actors.Supervision;
using Yoi.Benchmarks.Baselines;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Product;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>Long-running helpers that the idle and cli scenarios start as separate processes.</summary>
public static class Daemons
{
    /// <summary><c>supervise</c>: the bare actor core (PodSupervisor at its default period) until SIGTERM — the idle
    /// product when the host's <c>run</c> is not available.</summary>
    public static async Task<int> SuperviseAsync(Args args)
    {
        var dir = args.Str("runtime-dir")!;
        using var system = BenchSystem.Create("supervise");
        var settings = new SupervisorSettings { RuntimeDir = dir };
        if (args.Has("period-ms"))
            settings = settings with { Period = TimeSpan.FromMilliseconds(args.Int("period-ms", 2000)) };
        system.ActorOf(PodSupervisor.Props(settings), PodSupervisor.DefaultName);
        await WaitForTermAsync().ConfigureAwait(false);
        await system.Terminate().ConfigureAwait(false);
        return 0;
    }

    /// <summary><c>plain-daemon</c>: the baseline for idle — a loop that re-reads pods.json and probes every pod with the
    /// plain prober each period (default 2 s), until SIGTERM.</summary>
    public static async Task<int> PlainDaemonAsync(Args args)
    {
        var dir = args.Str("runtime-dir")!;
        var period = TimeSpan.FromMilliseconds(args.Int("period-ms", 2000));
        var timeout = TimeSpan.FromMilliseconds(args.Int("timeout-ms", 200));
        var term = WaitForTermAsync();
        using var timer = new PeriodicTimer(period);
        do
        {
            var pods = Registry.Read(dir);
            await Task.WhenAll(pods.Select(p => PlainProber.ProbeAsync(p, timeout))).ConfigureAwait(false);
        }
        while (await Task.WhenAny(timer.WaitForNextTickAsync().AsTask(), term).ConfigureAwait(false) != term);

        return 0;
    }

    /// <summary><c>plain-status</c>: the baseline for cli — a plain process that reads pods.json, probes every pod
    /// concurrently and prints one JSON object like <c>status --json</c>.</summary>
    public static async Task<int> PlainStatusAsync(Args args)
    {
        var dir = args.Str("runtime-dir") ?? Environment.GetEnvironmentVariable("YOI_RUNTIME_DIR")!;
        var timeout = TimeSpan.FromMilliseconds(args.Int("timeout-ms", 200));
        var pods = Registry.Read(dir);
        var results = await Task.WhenAll(pods.Select(p => PlainProber.ProbeAsync(p, timeout))).ConfigureAwait(false);
        var json = new JsonObject
        {
            ["at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["pods"] = new JsonArray(pods.Zip(results).Select(x => (JsonNode)new JsonObject
            {
                ["name"] = x.First.Name,
                ["socket"] = x.First.Socket,
                ["pid"] = x.First.Pid,
                ["outcome"] = x.Second.Outcome.ToString(),
                ["latency_ms"] = Math.Round(x.Second.Ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency, 3),
            }).ToArray()),
        };
        Console.Out.WriteLine(json.ToJsonString());
        return 0;
    }

    private static Task WaitForTermAsync()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registrations = new List<System.Runtime.InteropServices.PosixSignalRegistration>();
        foreach (var sig in new[] { System.Runtime.InteropServices.PosixSignal.SIGTERM, System.Runtime.InteropServices.PosixSignal.SIGINT })
        {
            registrations.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(sig, ctx =>
            {
                ctx.Cancel = true;
                tcs.TrySetResult();
            }));
        }

        GC.KeepAlive(registrations);
        Registrations.AddRange(registrations);
        return tcs.Task;
    }

    private static readonly List<System.Runtime.InteropServices.PosixSignalRegistration> Registrations = [];
}
