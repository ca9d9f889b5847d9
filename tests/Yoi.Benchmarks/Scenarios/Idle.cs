using System.Diagnostics;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// idle: the hosted supervisor (<c>yoi-supervisor run</c>; the bare actor core via <c>supervise</c> when the host
/// cannot run) watching 100 pods at the default period, beside the plain baseline daemon started at the same moment —
/// both measured over the same window: CPU seconds and resident memory.
/// </summary>
public static class Idle
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "the daemon watching 100 pods at the default period";
        var seconds = args.Double("seconds", 60);
        var warmup = args.Double("warmup", 5);
        var slices = args.Int("slices", 3);
        var podCount = args.Int("pods", 100);
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartAsync(args.Str("fleet", "self")!, podCount, "normal", "idle", args.Str("dialect", "pod")!).ConfigureAwait(false);

        var productKind = "host run";
        var product = StartProduct(fleet.RuntimeDir, args.Str("product", "host")!);
        var baseline = Start(Repo.SelfCommand(), ["plain-daemon", "--runtime-dir", fleet.RuntimeDir], fleet.RuntimeDir);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
            if (product is null || product.HasExited)
            {
                Out.Log($"idle: the host's `run` is not available (exit {(product?.HasExited == true ? product.ExitCode : -1)}); measuring the bare actor core (`supervise`)");
                product?.Dispose();
                productKind = "actor core (supervise)";
                product = Start(Repo.SelfCommand(), ["supervise", "--runtime-dir", fleet.RuntimeDir], fleet.RuntimeDir);
                await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
            }

            result.Notes.Add($"Product: {productKind} (pid {product.Id}); baseline: the benchmark's `plain-daemon` (re-read pods.json and probe every pod with the plain prober every 2 s). Both started together and measured over the same {seconds:0} s window (issue: 60 s) after {warmup:0} s warm-up, in {slices} slices; {fleet.Pods.Count} pods ({fleet.Kind} fleet).");
            var procs = new[] { ("actor", product), ("plain", baseline) };
            var cpuStart = procs.ToDictionary(p => p.Item1, p => ProcInfo.Cpu(p.Item2.Id));
            var cpuPrev = new Dictionary<string, TimeSpan>(cpuStart);
            var rssMax = procs.ToDictionary(p => p.Item1, _ => 0L);
            var slicePct = procs.ToDictionary(p => p.Item1, _ => new List<double>());
            var sliceLen = seconds / slices;
            var total = Stopwatch.StartNew();
            for (var s = 0; s < slices; s++)
            {
                var slice = Stopwatch.StartNew();
                while (slice.Elapsed.TotalSeconds < sliceLen)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, sliceLen - slice.Elapsed.TotalSeconds + 0.001))).ConfigureAwait(false);
                    foreach (var (name, p) in procs)
                        rssMax[name] = Math.Max(rssMax[name], ProcInfo.Rss(p.Id));
                }

                foreach (var (name, p) in procs)
                {
                    var now = ProcInfo.Cpu(p.Id);
                    slicePct[name].Add((now - cpuPrev[name]).TotalSeconds / slice.Elapsed.TotalSeconds * 100);
                    cpuPrev[name] = now;
                }
            }

            var window = total.Elapsed.TotalSeconds;
            var lines = new Dictionary<string, JsonObject>();
            foreach (var (name, p) in procs)
            {
                var cpu = ProcInfo.Cpu(p.Id) - cpuStart[name];
                var line = new JsonObject
                {
                    ["prober"] = name,
                    ["what"] = name == "actor" ? productKind : "plain-daemon",
                    ["pods"] = fleet.Pods.Count,
                    ["seconds"] = Math.Round(window, 2),
                    ["cpu_seconds"] = Math.Round(cpu.TotalSeconds, 3),
                    ["cpu_pct_of_core"] = Math.Round(cpu.TotalSeconds / window * 100, 3),
                    ["slice_cpu_pct"] = new JsonArray(slicePct[name].Select(v => (JsonNode)Math.Round(v, 3)).ToArray()),
                    ["rss_mib"] = Math.Round(ProcInfo.Rss(p.Id) / 1048576.0, 1),
                    ["rss_max_mib"] = Math.Round(rssMax[name] / 1048576.0, 1),
                    ["fds"] = ProcInfo.Fds(p.Id),
                    ["threads"] = ProcInfo.Threads(p.Id),
                    ["alive"] = !p.HasExited,
                };
                result.Run(line);
                lines[name] = line;
            }

            var cpuSummary = Summary.Of(slicePct["actor"]);
            var cpuBase = Summary.Of(slicePct["plain"]);
            var whole = Jn.D(lines["actor"]["cpu_pct_of_core"]);
            result.Metrics.Add(new Metric
            {
                Name = "CPU",
                Unit = "% of a core",
                Product = cpuSummary is null ? null : cpuSummary with { Median = whole },
                Baseline = cpuBase is null ? null : cpuBase with { Median = Jn.D(lines["plain"]["cpu_pct_of_core"]) },
                Target = "≤ 1 % of one core",
                Pass = whole <= 1,
                Note = "(whole window; min–max over slices)",
            });
            var rss = Jn.D(lines["actor"]["rss_max_mib"]);
            result.Metrics.Add(new Metric
            {
                Name = "resident memory (peak sampled)",
                Unit = "MiB",
                Product = new Summary(rss, Jn.D(lines["actor"]["rss_mib"]), rss, 1),
                Baseline = new Summary(Jn.D(lines["plain"]["rss_max_mib"]), Jn.D(lines["plain"]["rss_mib"]), Jn.D(lines["plain"]["rss_max_mib"]), 1),
                Target = "≤ 120 MB",
                Pass = rss * 1048576 <= 120_000_000,
            });
        }
        finally
        {
            Stop(product);
            Stop(baseline);
        }
    }

    private static Process? StartProduct(string runtimeDir, string which)
    {
        if (which == "host" && Repo.HostCommand() is { } host)
            return Start(host, ["run", "--runtime-dir", runtimeDir], runtimeDir);
        return null;
    }

    public static Process Start((string File, string[] Prefix) command, string[] args, string runtimeDir)
    {
        var psi = new ProcessStartInfo(command.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in command.Prefix.Concat(args))
            psi.ArgumentList.Add(a);
        psi.Environment["YOI_RUNTIME_DIR"] = runtimeDir;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static void Stop(Process? p)
    {
        if (p is null)
            return;
        try
        {
            if (!p.HasExited)
            {
                Posix.Kill(p.Id, 15);
                if (!p.WaitForExit(5000))
                    p.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        p.Dispose();
    }
}
