using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Micro;
using Yoi.Benchmarks.Scenarios;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Yoi.Benchmarks;

/// <summary>
/// <c>Yoi.Benchmarks SCENARIO [options]</c>: each scenario prints one JSON line per run on stdout, progress on stderr,
/// and writes its aggregate to <c>artifacts/bench/parts/SCENARIO.json</c>; <c>all</c> runs every scenario (each in a
/// fresh process) with quick defaults and writes <c>artifacts/bench/report.json</c> and <c>report.md</c>.
/// </summary>
public static class Program
{
    public static readonly string[] Scenarios = ["micro", "probe-cycle", "attach-flood", "attach-scale", "soak", "idle", "thousand", "crowd", "cli", "managed", "http", "cluster"];

    private const string Usage = """
        usage: Yoi.Benchmarks <command> [options]
          all            every scenario with quick defaults (the Bench target); report in artifacts/bench/
          probe-cycle    [--pods 100] [--rounds 5] [--cycles 20] [--seq-probes 400] [--mode cycle,seq] [--runtime-dir DIR]
          attach-flood   [--rounds 5] [--seconds 2] [--runtime-dir DIR] [--no-daemon] (in-process, plain and, when the host is built, through `run`)
          attach-scale   [--ks 1000,10000] [--rounds 3] [--rounds-large 2] [--pods 100]
          soak           [--probes 1000000] [--spec normal:14,silent:1,...] [--period-ms 100]
          idle           [--seconds 60] [--pods 100] [--warmup 5]
          thousand       [--pods 1000] [--seconds 20] [--warmup 8] (the daemon's CPU, memory and cycle time; the panel's CPU under tmux)
          crowd          [--n 50] [--pods 20] (N in-process `status --json` at once: rows ok / no-status)
          cli            [--runs 20] [--pods 10]
          managed        [--rounds 15] [--pods 100] [--batch 20] [--seconds 15] [--idle-only] (restart latency vs Process.Start; 100 managed idle pods)
          micro          quick codec/framer figures for the report; --bdn [-- BenchmarkDotNet args] for BenchmarkDotNet
          report         rebuild report.json/report.md from artifacts/bench/parts
        helpers: fleet, scale-worker, supervise, plain-daemon, plain-status, managed-supervise
        common: --fleet self|host (who runs the pod fleet), --dialect pod|worker (the runtime generation the fleet
                simulates; worker needs the host's simulator), --out FILE (where the scenario's aggregate goes)
        """;

    public static async Task<int> Main(string[] argv)
    {
        if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help")
        {
            Console.Error.WriteLine(Usage);
            return argv.Length == 0 ? 2 : 0;
        }

        var command = argv[0];
        var args = new Args(argv.Skip(1));
        ProcInfo.RaiseFdLimit();
        switch (command)
        {
            case "all":
                return await RunAllAsync(args).ConfigureAwait(false);
            case "report":
                WriteReport(ReadParts(), "rebuilt from parts", 0);
                return 0;
            case "fleet":
                return await RunFleetAsync(args).ConfigureAwait(false);
            case "scale-worker":
                return await AttachScale.WorkerAsync(args).ConfigureAwait(false);
            case "supervise":
                return await Daemons.SuperviseAsync(args).ConfigureAwait(false);
            case "plain-daemon":
                return await Daemons.PlainDaemonAsync(args).ConfigureAwait(false);
            case "managed-supervise":
                return await ManagedPodsBench.SuperviseAsync(args).ConfigureAwait(false);
            case "plain-status":
                return await Daemons.PlainStatusAsync(args).ConfigureAwait(false);
            case "micro" when args.Has("bdn"):
                return MicroBenchmarks.RunBenchmarkDotNet(args.Rest);
        }

        if (!Scenarios.Contains(command))
        {
            Console.Error.WriteLine($"unknown command '{command}'\n{Usage}");
            return 2;
        }

        var result = await RunScenarioAsync(command, args).ConfigureAwait(false);
        var outPath = args.Str("out") ?? Path.Combine(Repo.ArtifactsDir, "parts", command + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, result.ToJson().ToJsonString(Out.Indented)).ConfigureAwait(false);
        foreach (var m in result.Metrics.Where(m => m.Target is not null))
            Out.Log($"{command}: {m.Name}: {ReportWriter.Measured(m)} — target {m.Target}: {(m.Pass switch { true => "pass", false => "MISS", null => "n/a" })}");
        return result.Error is null ? 0 : 1;
    }

    private static async Task<ScenarioResult> RunScenarioAsync(string scenario, Args args)
    {
        var result = new ScenarioResult(scenario);
        var sw = Stopwatch.StartNew();
        try
        {
            Out.Log($"{scenario}: start");
            await (scenario switch
            {
                "probe-cycle" => ProbeCycle.RunAsync(args, result),
                "attach-flood" => AttachFlood.RunAsync(args, result),
                "attach-scale" => AttachScale.RunAsync(args, result),
                "soak" => Soak.RunAsync(args, result),
                "idle" => Idle.RunAsync(args, result),
                "thousand" => Thousand.RunAsync(args, result),
                "crowd" => Crowd.RunAsync(args, result),
                "cli" => Cli.RunAsync(args, result),
                "http" => Http.RunAsync(args, result),
                "cluster" => ClusterBench.RunAsync(args, result),
                "micro" => MicroQuick.RunAsync(args, result),
                "managed" => ManagedPodsBench.RunAsync(args, result),
                _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
            }).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result.Error = $"{e.GetType().Name}: {e.Message}";
            Out.Log($"{scenario}: FAILED: {e}");
        }

        result.Seconds = sw.Elapsed.TotalSeconds;
        Out.Log($"{scenario}: done in {result.Seconds:0.0} s");
        return result;
    }

    /// <summary>Every scenario in its own process (clean memory, threads and fds; a crash loses one scenario, not the report).</summary>
    private static async Task<int> RunAllAsync(Args args)
    {
        var sw = Stopwatch.StartNew();
        var only = args.Str("only")?.Split(',') ?? Scenarios;
        var parts = Path.Combine(Repo.ArtifactsDir, "parts");
        if (Directory.Exists(parts))
            Directory.Delete(parts, recursive: true);
        Directory.CreateDirectory(parts);
        var forwarded = new List<string>();
        if (args.Str("fleet") is { } fleet)
            forwarded.AddRange(["--fleet", fleet]);
        if (args.Str("dialect") is { } dialect)
            forwarded.AddRange(["--dialect", dialect]);
        var results = new List<ScenarioResult>();
        foreach (var scenario in Scenarios.Where(only.Contains))
        {
            var outPath = Path.Combine(parts, scenario + ".json");
            var (file, prefix) = Repo.SelfCommand();
            var psi = new ProcessStartInfo(file) { UseShellExecute = false };
            foreach (var a in prefix.Concat([scenario, "--out", outPath]).Concat(forwarded).Concat(QuickDefaults(scenario, args)))
                psi.ArgumentList.Add(a);
            using var child = Process.Start(psi)!;
            var limit = TimeSpan.FromSeconds(args.Int("scenario-timeout", 150));
            using var cts = new CancellationTokenSource(limit);
            try
            {
                await child.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync().ConfigureAwait(false);
            }

            ScenarioResult r;
            if (File.Exists(outPath))
            {
                r = ScenarioResult.FromJson(JsonNode.Parse(await File.ReadAllTextAsync(outPath).ConfigureAwait(false))!.AsObject());
            }
            else
            {
                r = new ScenarioResult(scenario) { Error = cts.IsCancellationRequested ? $"timed out after {limit.TotalSeconds:0} s" : $"exited with {child.ExitCode} without a result" };
            }

            results.Add(r);
        }

        WriteReport(results, DefaultsNote(args), sw.Elapsed.TotalSeconds);
        Out.Log($"all: {sw.Elapsed.TotalSeconds:0} s; report in {Repo.ArtifactsDir}/report.md");
        Console.Error.WriteLine(File.ReadAllText(Path.Combine(Repo.ArtifactsDir, "report.md")));
        return results.All(r => r.Error is null) ? 0 : 1;
    }

    private static string DefaultsNote(Args args) =>
        $"quick defaults of `all` (Bench target): probe-cycle 100 pods × 5 rounds; attach-flood 5 rounds × 2 s (in-process, plain, through a daemon); attach-scale K = 1,000 and 10,000 (2 rounds each); micro 5 rounds × 0.3 s per operation; soak {long.Parse(SoakProbes(args), CultureInfo.InvariantCulture):N0} probes; idle {IdleSeconds(args)} s window (issue: 60 s — `idle --seconds 60`); cli 20 runs";

    private static string SoakProbes(Args args) => args.Str("soak-probes", "1000000")!;

    private static string IdleSeconds(Args args) => args.Str("idle-seconds", "15")!;

    /// <summary>The quick defaults the Bench target runs (whole target under 5 minutes on 2 cores).</summary>
    private static IEnumerable<string> QuickDefaults(string scenario, Args args) => scenario switch
    {
        "soak" => ["--probes", SoakProbes(args)],
        "attach-scale" => ["--rounds", "2"],
        "micro" => ["--seconds", "0.3"],
        "idle" => ["--seconds", IdleSeconds(args)],
        _ => [],
    };

    private static List<ScenarioResult> ReadParts()
    {
        var dir = Path.Combine(Repo.ArtifactsDir, "parts");
        var byName = Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.json").Select(f => ScenarioResult.FromJson(JsonNode.Parse(File.ReadAllText(f))!.AsObject())).ToDictionary(r => r.Scenario)
            : [];
        return Scenarios.Where(byName.ContainsKey).Select(s => byName[s]).ToList();
    }

    private static void WriteReport(List<ScenarioResult> results, string note, double seconds) =>
        ReportWriter.Write(Repo.ArtifactsDir, results, note, seconds);

    private static async Task<int> RunFleetAsync(Args args)
    {
        var dir = args.Str("runtime-dir") ?? throw new ArgumentException("fleet needs --runtime-dir");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            ctx =>
            {
                ctx.Cancel = true;
                stop.Cancel();
            });
        return await BenchFleet.RunAsync(dir, args.Str("spec", "normal:10")!, args.Int("alerts", 2), args.Str("flood-text", BenchFleet.DefaultFloodText)!, stop.Token)
            .ConfigureAwait(false);
    }
}
