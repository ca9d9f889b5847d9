using System.Diagnostics;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// cli: wall time of <c>yoi-supervisor status --json</c> on 10 pods as a whole process, against a hello-world .NET
/// console (tests/Yoi.Hello) started the same way, in two phases: in-process (no daemon: the command hosts a supervisor
/// for one cycle), then through a daemon (<c>run</c> started for the phase). Each phase interleaves its commands with
/// the baseline, so every ratio is against the same minutes of the machine.
/// </summary>
public static class Cli
{
    private const double DaemonTargetMs = 120;
    private const double InProcessTargetMs = 250;

    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "`yoi-supervisor status --json` as a whole process, in-process and through a daemon";
        var runs = args.Int("runs", 20);
        var podCount = args.Int("pods", 10);
        var built = Repo.HostCommand() ?? throw new InvalidOperationException("the host is not built (src/Yoi.Host/bin/Release/net10.0/yoi-supervisor)");
        var hello = Repo.HelloCommand() ?? throw new InvalidOperationException("the baseline is not built (tests/Yoi.Hello/bin/Release/net10.0/Yoi.Hello): dotnet build -c Release");
        var published = Repo.PublishedHostCommand();
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartAsync(args.Str("fleet", "self")!, podCount, "normal", "cli", args.Str("dialect", "pod")!).ConfigureAwait(false);
        string[] status = ["status", "--json", "--runtime-dir", fleet.RuntimeDir];

        var products = new List<(string Name, (string File, string[] Prefix) Command)>();
        if (published is { } p)
            products.Add(("published", p));
        products.Add(("build", built));
        result.Notes.Add($"{runs} runs each, interleaved (the order rotates every run), after 2 warm-up runs each (disk cache); {fleet.Pods.Count} pods ({fleet.Kind} fleet). "
            + "Product: `yoi-supervisor status --json`, "
            + (published is null ? "the build output only (the Publish target was not run); " : "as installed by the Publish target (artifacts/publish) and as built (src/Yoi.Host/bin); ")
            + "both hold ReadyToRun images. Baseline: tests/Yoi.Hello, a hello-world .NET console (one line to stdout), started the same way. "
            + "Phase 1 runs with no daemon (status supervises in-process for one cycle); phase 2 starts `yoi-supervisor run` on the same fleet and goes through it.");

        // Phase 1: in-process.
        var inProcess = await MeasureAsync("in-process", runs, hello, products.Select(x => (x.Name, x.Command, status)).ToList(), fleet, result).ConfigureAwait(false);
        AddMetrics(result, "in-process", inProcess.Wall, InProcessTargetMs, "≈ 5.8× hello");
        AddCpuMetrics(result, "in-process", inProcess.Cpu);

        // Phase 2: through a daemon.
        await using (var daemon = await HostDaemon.StartAsync(built, fleet.RuntimeDir).ConfigureAwait(false))
        {
            var through = await MeasureAsync("daemon", runs, hello, products.Select(x => (x.Name, x.Command, status)).ToList(), fleet, result).ConfigureAwait(false);
            AddMetrics(result, "through a daemon", through.Wall, DaemonTargetMs, "≈ 2.8× hello");
            AddCpuMetrics(result, "through a daemon", through.Cpu);
        }
    }

    private static void AddMetrics(ScenarioResult result, string phase, Dictionary<string, List<double>> times, double targetMs, string ratioHint)
    {
        var baseline = Summary.Of(times["hello"]);
        foreach (var (name, values) in times.Where(t => t.Key != "hello"))
        {
            var summary = Summary.Of(values);
            result.Metrics.Add(new Metric
            {
                Name = $"wall time {phase}, {(name == "published" ? "installed" : "build output")}",
                Unit = "ms",
                Product = summary,
                Baseline = baseline,
                Target = $"≤ {targetMs:0} ms median ({ratioHint})",
                Pass = summary is null ? null : summary.Median <= targetMs,
                Note = name == "published" ? "(artifacts/publish/yoi-supervisor)" : "(src/Yoi.Host/bin/Release/net10.0/yoi-supervisor)",
            });
        }
    }

    /// <summary>The CPU the command itself used (user + system), against hello's: no target, but on a loaded machine the
    /// steadier figure of what start-up costs.</summary>
    private static void AddCpuMetrics(ScenarioResult result, string phase, Dictionary<string, List<double>> cpu)
    {
        var baseline = Summary.Of(cpu["hello"]);
        foreach (var (name, values) in cpu.Where(t => t.Key != "hello"))
            result.Metrics.Add(ProbeCycle.Ratio($"CPU {phase}, {(name == "published" ? "installed" : "build output")}", "ms", Summary.Of(values), baseline, null, null));
    }

    private static async Task<(Dictionary<string, List<double>> Wall, Dictionary<string, List<double>> Cpu)> MeasureAsync(string phase, int runs, (string File, string[] Prefix) hello,
        List<(string Name, (string File, string[] Prefix) Command, string[] Args)> products, FleetProcess fleet, ScenarioResult result)
    {
        var commands = new List<(string Name, (string File, string[] Prefix) Command, string[] Args)> { ("hello", hello, []) };
        commands.AddRange(products);
        var times = commands.ToDictionary(c => c.Name, _ => new List<double>());
        var cpu = commands.ToDictionary(c => c.Name, _ => new List<double>());
        Out.Log($"cli: phase {phase}, {runs} runs of {string.Join(", ", commands.Select(c => c.Name))}");
        for (var i = -2; i < runs; i++)
        {
            for (var k = 0; k < commands.Count; k++)
            {
                var (name, command, commandArgs) = commands[(k + Math.Max(i, 0)) % commands.Count];
                var (ms, cpuMs, exit, stdout, stderr) = await Time(command, commandArgs, fleet.RuntimeDir).ConfigureAwait(false);
                var pods = name == "hello" ? 0 : CountPods(stdout);
                if (exit != 0 || (name != "hello" && pods != fleet.Pods.Count))
                    throw new InvalidOperationException($"{phase} {name}: exited {exit} listing {pods} of {fleet.Pods.Count} pods: {Trim(stderr)} {Trim(stdout)}");
                if (i < 0)
                    continue;
                times[name].Add(ms);
                cpu[name].Add(cpuMs);
                result.Run(new JsonObject
                {
                    ["phase"] = phase,
                    ["command"] = name,
                    ["run"] = i,
                    ["wall_ms"] = Math.Round(ms, 1),
                    ["cpu_ms"] = Math.Round(cpuMs, 1),
                    ["exit"] = exit,
                    ["pods_listed"] = pods,
                });
            }
        }

        return (times, cpu);
    }

    private static int CountPods(string stdout)
    {
        try
        {
            var json = JsonNode.Parse(stdout.Trim());
            return json?["pods"]?.AsArray().Count ?? -1;
        }
        catch (System.Text.Json.JsonException)
        {
            return -1;
        }
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "…" : s.Trim();

    /// <summary>Wall time from start to exit, and the child's CPU (user + system) from RUSAGE_CHILDREN around it (one
    /// child at a time: the fleet and a daemon are still running, so they are not counted).</summary>
    private static async Task<(double Ms, double CpuMs, int Exit, string Stdout, string Stderr)> Time((string File, string[] Prefix) command, string[] args, string runtimeDir)
    {
        var psi = new ProcessStartInfo(command.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Prefix.Concat(args))
            psi.ArgumentList.Add(a);
        psi.Environment["YOI_RUNTIME_DIR"] = runtimeDir;
        var cpu0 = ProcInfo.ChildrenCpu();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().ConfigureAwait(false);
        var ms = sw.Elapsed.TotalMilliseconds;
        var cpuMs = (ProcInfo.ChildrenCpu() - cpu0).TotalMilliseconds;
        return (ms, cpuMs, p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
