using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Pods;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// thousand: the daemon (<c>yoi-supervisor run</c>, default period and deadline) supervising 1,000 pods simulated in a
/// separate process — its CPU and resident memory over a window, beside the plain baseline daemon started at the same
/// moment; one probe cycle's wall time (a control <c>probe</c> of the whole fleet, as a client sees it); then the panel
/// (<c>yoi-supervisor panel</c> in a 160×40 tmux pane, through that daemon) and its CPU over a window.
/// </summary>
public static class Thousand
{
    private const double PanelTargetPct = 5;

    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        var podCount = args.Int("pods", 1000);
        var seconds = args.Double("seconds", 20);
        var warmup = args.Double("warmup", 8);
        var dialect = args.Str("dialect", "pod")!;
        result.Title = $"the daemon and the panel at {podCount:N0} pods";
        var host = Repo.HostCommand() ?? throw new InvalidOperationException("the host is not built (src/Yoi.Host/bin/Release/net10.0/yoi-supervisor)");
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartAsync(args.Str("fleet", "self")!, podCount, "normal", "thousand", dialect).ConfigureAwait(false);

        await using var daemon = await HostDaemon.StartAsync(host, fleet.RuntimeDir).ConfigureAwait(false);
        var baseline = Idle.Start(Repo.SelfCommand(), ["plain-daemon", "--runtime-dir", fleet.RuntimeDir], fleet.RuntimeDir);
        var session = "yoi-bench-panel-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
            result.Notes.Add($"{fleet.Pods.Count} pods ({fleet.Kind} fleet, {dialect} dialect) in a separate process; product: `yoi-supervisor run` (period 2 s, deadline 200 ms, pid {daemon.Pid}); "
                + $"baseline: the benchmark's `plain-daemon` (re-read the registry and probe every pod with the plain prober every 2 s), started with it. CPU and memory over the same {seconds:0} s window after {warmup:0} s warm-up, from /proc.");

            // The daemon and the baseline over one window.
            var procs = new[] { ("actor", daemon.Pid), ("plain", baseline.Id) };
            var cpu0 = procs.ToDictionary(p => p.Item1, p => ProcInfo.Cpu(p.Item2));
            var rssMax = procs.ToDictionary(p => p.Item1, _ => 0L);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                foreach (var (name, pid) in procs)
                    rssMax[name] = Math.Max(rssMax[name], ProcInfo.Rss(pid));
            }

            var window = clock.Elapsed.TotalSeconds;
            var pct = procs.ToDictionary(p => p.Item1, p => (ProcInfo.Cpu(p.Item2) - cpu0[p.Item1]).TotalSeconds / window * 100);

            // One cycle's wall time: a probe of the whole fleet through the control socket (a registry read, then every
            // pod probed), five of them one after another.
            var cycleMs = new List<double>();
            var outcomes = new Dictionary<string, int>();
            for (var i = 0; i < 5; i++)
            {
                await Task.Delay(300).ConfigureAwait(false);
                var (ms, reply) = await ProbeAllAsync(Path.Combine(fleet.RuntimeDir, "supervisor.sock"), i + 1).ConfigureAwait(false);
                cycleMs.Add(ms);
                if (i == 4)
                {
                    foreach (var pod in reply.RootElement.GetProperty("data").GetProperty("pods").EnumerateArray())
                    {
                        var outcome = pod.GetProperty("outcome").GetString() ?? "null";
                        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    }
                }

                reply.Dispose();
            }

            result.Run(new JsonObject
            {
                ["what"] = "daemon",
                ["pods"] = fleet.Pods.Count,
                ["seconds"] = Math.Round(window, 2),
                ["cpu_pct_of_core"] = Math.Round(pct["actor"], 3),
                ["plain_cpu_pct_of_core"] = Math.Round(pct["plain"], 3),
                ["rss_max_mib"] = Math.Round(rssMax["actor"] / 1048576.0, 1),
                ["plain_rss_max_mib"] = Math.Round(rssMax["plain"] / 1048576.0, 1),
                ["cycle_ms"] = new JsonArray(cycleMs.Select(v => (JsonNode)Math.Round(v, 1)).ToArray()),
                ["outcomes"] = new JsonObject(outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            });
            result.Metrics.Add(new Metric
            {
                Name = "daemon CPU",
                Unit = "% of a core",
                Product = new Summary(pct["actor"], pct["actor"], pct["actor"], 1),
                Baseline = new Summary(pct["plain"], pct["plain"], pct["plain"], 1),
                Target = "– (reported)",
                Note = $"(whole {window:0} s window)",
            });
            result.Metrics.Add(new Metric
            {
                Name = "daemon resident memory (peak sampled)",
                Unit = "MiB",
                Product = new Summary(rssMax["actor"] / 1048576.0, rssMax["actor"] / 1048576.0, rssMax["actor"] / 1048576.0, 1),
                Baseline = new Summary(rssMax["plain"] / 1048576.0, rssMax["plain"] / 1048576.0, rssMax["plain"] / 1048576.0, 1),
                Target = "– (reported)",
            });
            result.Metrics.Add(new Metric
            {
                Name = "one cycle's wall time (control probe of the fleet)",
                Unit = "ms",
                Product = Summary.Of(cycleMs),
                Target = "– (reported)",
                Note = $"(last cycle: {string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Value} {o.Key}"))})",
            });

            // The panel through the daemon, in a real terminal.
            if (await Tmux("-V").ConfigureAwait(false) is not { Code: 0 })
            {
                result.Notes.Add("tmux is not installed: the panel was not measured");
                return;
            }

            var command = "exec " + string.Join(' ', host.Prefix.Prepend(host.File).Concat(["panel", "--runtime-dir", fleet.RuntimeDir]).Select(Quote));
            var started = await Tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "40", command).ConfigureAwait(false);
            if (started.Code != 0)
                throw new InvalidOperationException($"tmux new-session failed: {started.Output}");
            var panelPid = int.Parse((await Tmux("display-message", "-p", "-t", session, "#{pane_pid}").ConfigureAwait(false)).Output.Trim(), CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
            var screen = (await Tmux("capture-pane", "-p", "-t", session).ConfigureAwait(false)).Output.Split('\n');
            var panelCpu0 = ProcInfo.Cpu(panelPid);
            var panelClock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
            var panelPct = (ProcInfo.Cpu(panelPid) - panelCpu0).TotalSeconds / panelClock.Elapsed.TotalSeconds * 100;
            var summary = screen.Length > 1 ? screen[1].Trim() : "";
            result.Run(new JsonObject
            {
                ["what"] = "panel",
                ["pods"] = fleet.Pods.Count,
                ["seconds"] = Math.Round(panelClock.Elapsed.TotalSeconds, 2),
                ["cpu_pct_of_core"] = Math.Round(panelPct, 3),
                ["rss_mib"] = Math.Round(ProcInfo.Rss(panelPid) / 1048576.0, 1),
                ["summary_line"] = summary,
            });
            result.Metrics.Add(new Metric
            {
                Name = "panel CPU (160×40 tmux pane, through the daemon)",
                Unit = "% of a core",
                Product = new Summary(panelPct, panelPct, panelPct, 1),
                Target = $"≤ {PanelTargetPct:0} % of a core",
                Pass = panelPct <= PanelTargetPct,
                Note = $"(screen: \"{summary}\")",
            });
        }
        finally
        {
            await Tmux("kill-session", "-t", session).ConfigureAwait(false);
            Idle.Stop(baseline);
        }
    }

    private static async Task<(double Ms, JsonDocument Reply)> ProbeAllAsync(string socketPath, int id)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath)).ConfigureAwait(false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"method\":\"probe\",\"id\":{id}}}\n"), SocketFlags.None, cts.Token).ConfigureAwait(false);
        var line = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
            if (n == 0)
                throw new InvalidOperationException("the daemon closed the control connection before it answered");
            var end = Array.IndexOf(buffer, (byte)'\n', 0, n);
            line.Write(buffer, 0, end < 0 ? n : end);
            if (end >= 0)
                break;
        }

        var ms = clock.Elapsed.TotalMilliseconds;
        return (ms, JsonDocument.Parse(line.ToArray()));
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<(int Code, string Output)> Tmux(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var output = await p.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            var error = await p.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await p.WaitForExitAsync().ConfigureAwait(false);
            return (p.ExitCode, output + error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
