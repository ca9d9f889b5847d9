using System.Diagnostics;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// cli: wall time of <c>yoi-supervisor status --json</c> on 10 pods as a whole process (no daemon: one in-process
/// cycle), against the benchmark's own <c>plain-status</c> process (read pods.json, probe, print JSON), interleaved.
/// </summary>
public static class Cli
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "`yoi-supervisor status --json` as a whole process";
        var runs = args.Int("runs", 20);
        var podCount = args.Int("pods", 10);
        var host = Repo.HostCommand() ?? throw new InvalidOperationException("the host is not built (src/Yoi.Host/bin/Release/net10.0/yoi-supervisor)");
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartAsync(args.Str("fleet", "self")!, podCount, "normal", "cli").ConfigureAwait(false);
        result.Notes.Add($"{runs} runs each, interleaved, after 2 warm-up runs each (disk cache); {fleet.Pods.Count} pods ({fleet.Kind} fleet); no daemon running, so `status` probes in-process. Product: `{Path.GetFileName(host.File)} {string.Join(' ', host.Prefix.Select(Path.GetFileName))} status --json`. Baseline: `Yoi.Benchmarks plain-status` (the plain prober in a .NET process: startup + probe + JSON out).");

        var self = Repo.SelfCommand();
        var product = new List<double>();
        var baseline = new List<double>();
        for (var i = -2; i < runs; i++)
        {
            foreach (var which in i % 2 == 0 ? new[] { "actor", "plain" } : ["plain", "actor"])
            {
                var (ms, exit, stdout, stderr) = which == "actor"
                    ? await Time(host, ["status", "--json", "--runtime-dir", fleet.RuntimeDir], fleet.RuntimeDir).ConfigureAwait(false)
                    : await Time(self, ["plain-status", "--runtime-dir", fleet.RuntimeDir], fleet.RuntimeDir).ConfigureAwait(false);
                var pods = CountPods(stdout);
                if (which == "actor" && (exit != 0 || pods != fleet.Pods.Count))
                    throw new InvalidOperationException($"status --json exited {exit} listing {pods} of {fleet.Pods.Count} pods: {Trim(stderr)} {Trim(stdout)}");
                if (i < 0)
                    continue;
                (which == "actor" ? product : baseline).Add(ms);
                result.Run(new JsonObject
                {
                    ["prober"] = which,
                    ["run"] = i,
                    ["wall_ms"] = Math.Round(ms, 1),
                    ["exit"] = exit,
                    ["pods_listed"] = pods,
                });
            }
        }

        var summary = Summary.Of(product);
        result.Metrics.Add(new Metric
        {
            Name = "wall time",
            Unit = "ms",
            Product = summary,
            Baseline = Summary.Of(baseline),
            Target = "≤ 400 ms median",
            Pass = summary is null ? null : summary.Median <= 400,
        });
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

    private static async Task<(double Ms, int Exit, string Stdout, string Stderr)> Time((string File, string[] Prefix) command, string[] args, string runtimeDir)
    {
        var psi = new ProcessStartInfo(command.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Prefix.Concat(args))
            psi.ArgumentList.Add(a);
        psi.Environment["YOI_RUNTIME_DIR"] = runtimeDir;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().ConfigureAwait(false);
        var ms = sw.Elapsed.TotalMilliseconds;
        return (ms, p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
