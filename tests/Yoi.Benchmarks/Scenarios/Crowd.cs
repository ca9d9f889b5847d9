using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Pods;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// crowd: N <c>yoi-supervisor status --json</c> started at once with no daemon (each supervises in-process, taking turns
/// with the others) on a 20-pod fleet in a separate process: how many of the N × 20 rows come back <c>ok</c>, how many
/// <c>no-status</c>, how many commands fail, and the batch's wall time.
/// </summary>
public static class Crowd
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        var n = args.Int("n", 50);
        var podCount = args.Int("pods", 20);
        result.Title = $"{n} in-process `status --json` at once on {podCount} pods";
        var host = Repo.HostCommand() ?? throw new InvalidOperationException("the host is not built (src/Yoi.Host/bin/Release/net10.0/yoi-supervisor)");
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartAsync(args.Str("fleet", "self")!, podCount, "normal", "crowd", args.Str("dialect", "pod")!).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, n).Select(_ => RunStatusAsync(host, fleet.RuntimeDir)).ToList();
        var outputs = await Task.WhenAll(runs).ConfigureAwait(false);
        var wall = clock.Elapsed.TotalSeconds;

        var outcomes = new Dictionary<string, int>();
        var exits = new Dictionary<string, int>();
        var rows = 0;
        foreach (var (exit, stdout) in outputs)
        {
            exits[exit.ToString(System.Globalization.CultureInfo.InvariantCulture)] = exits.GetValueOrDefault(exit.ToString(System.Globalization.CultureInfo.InvariantCulture)) + 1;
            if (exit != 0)
                continue;
            using var doc = JsonDocument.Parse(stdout);
            foreach (var pod in doc.RootElement.GetProperty("pods").EnumerateArray())
            {
                rows++;
                var outcome = pod.GetProperty("outcome").GetString() ?? "null";
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        var expected = n * fleet.Pods.Count;
        result.Notes.Add($"{n} commands started together (no daemon), {fleet.Pods.Count} pods ({fleet.Kind} fleet); each command's 200 ms probe deadline and 60 s overall deadline are its defaults; load average at the start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
        result.Run(new JsonObject
        {
            ["commands"] = n,
            ["pods"] = fleet.Pods.Count,
            ["wall_seconds"] = Math.Round(wall, 2),
            ["rows"] = rows,
            ["outcomes"] = new JsonObject(outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            ["exit_codes"] = new JsonObject(exits.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
        });
        var ok = outcomes.GetValueOrDefault("ok");
        result.Metrics.Add(new Metric
        {
            Name = "rows ok",
            Unit = $"of {expected}",
            Product = new Summary(ok, ok, ok, 1),
            Target = "– (reported)",
            Note = $"(no-status {outcomes.GetValueOrDefault("no-status")}, commands failed {n - exits.GetValueOrDefault("0")}, batch {wall:0.0} s)",
        });
    }

    private static async Task<(int Exit, string Stdout)> RunStatusAsync((string File, string[] Prefix) host, string runtimeDir)
    {
        var psi = new ProcessStartInfo(host.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in host.Prefix.Concat(["status", "--json", "--runtime-dir", runtimeDir]))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync().ConfigureAwait(false);
        }

        await stderr.ConfigureAwait(false);
        return (p.ExitCode, await stdout.ConfigureAwait(false));
    }
}
