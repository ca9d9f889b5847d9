using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Pods;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// http: the daemon's HTTP API (<c>run --http 0</c>) on a fleet of normal pods and one flood pod. (1) <c>GET /api/fleet</c>
/// latency p50/p99 and requests/s from one keep-alive client, against the same question (<c>fleet</c>) over the control
/// socket from one connection, interleaved rounds in the same run. (2) 200 concurrent SSE subscribers to the flood pod's
/// <c>/api/pods/{name}/events</c>: events/s delivered to all of them, and the daemon's resident memory per subscriber.
/// </summary>
public static class Http
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "HTTP API: GET /api/fleet vs the control socket; 200 SSE subscribers on a flood pod";
        var rounds = args.Int("rounds", 5);
        var requests = args.Int("requests", 1000);
        var subscribers = args.Int("subscribers", 200);
        var seconds = args.Double("seconds", 3);
        var settle = args.Double("settle", 5);
        var host = Repo.HostCommand() ?? throw new InvalidOperationException("the host is not built (dotnet build Yoi.sln)");
        await using var fleet = await FleetProcess.StartSelfAsync("normal:20,flood:1", tag: "http").ConfigureAwait(false);
        await using var daemon = await HostDaemon.StartAsync(host, fleet.RuntimeDir, "--http", "0").ConfigureAwait(false);
        var urlFile = Path.Combine(fleet.RuntimeDir, "supervisor.http");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(urlFile) && DateTime.UtcNow < deadline)
            await Task.Delay(50).ConfigureAwait(false);
        var url = new Uri(File.ReadAllText(urlFile).Trim() + "/");
        var token = File.ReadAllText(Path.Combine(fleet.RuntimeDir, "supervisor.token")).Trim();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        result.Notes.Add($"Fleet: 20 normal pods + 1 flood pod (separate process); daemon `yoi-supervisor run --http 0` (build output). {rounds} rounds × {requests} sequential requests per transport, order alternating per round, after one warm-up round.");
        result.Notes.Add("HTTP: one HttpClient keep-alive connection, `GET /api/fleet` with the bearer token, body read in full. Control socket: one connection, `{\"method\":\"fleet\"}` lines, each reply line read in full. Both answered by the same FleetRequestActor.");

        using var control = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await control.ConnectAsync(new UnixDomainSocketEndPoint(Path.Combine(fleet.RuntimeDir, "supervisor.sock"))).ConfigureAwait(false);
        await using var controlStream = new NetworkStream(control);
        using var controlReader = new StreamReader(controlStream, Encoding.UTF8, false, 1 << 16);
        var fleetLine = "{\"method\":\"fleet\"}\n"u8.ToArray();

        async Task<double[]> Http(int n)
        {
            var times = new double[n];
            for (var i = 0; i < n; i++)
            {
                var sw = Stopwatch.StartNew();
                using var response = await client.GetAsync("api/fleet").ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                _ = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                times[i] = sw.Elapsed.TotalMilliseconds;
            }

            return times;
        }

        async Task<double[]> Control(int n)
        {
            var times = new double[n];
            for (var i = 0; i < n; i++)
            {
                var sw = Stopwatch.StartNew();
                await controlStream.WriteAsync(fleetLine).ConfigureAwait(false);
                var line = await controlReader.ReadLineAsync().ConfigureAwait(false) ?? throw new EndOfStreamException("control socket closed");
                if (!line.StartsWith("{\"event\":\"fleet\"", StringComparison.Ordinal)) throw new InvalidOperationException(line[..Math.Min(200, line.Length)]);
                times[i] = sw.Elapsed.TotalMilliseconds;
            }

            return times;
        }

        await Http(100).ConfigureAwait(false);
        await Control(100).ConfigureAwait(false);
        var runs = new List<JsonObject>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var transport in round % 2 == 0 ? new[] { "http", "control" } : ["control", "http"])
            {
                var sw = Stopwatch.StartNew();
                var times = transport == "http" ? await Http(requests).ConfigureAwait(false) : await Control(requests).ConfigureAwait(false);
                var elapsed = sw.Elapsed.TotalSeconds;
                Array.Sort(times);
                var line = new JsonObject
                {
                    ["transport"] = transport,
                    ["round"] = round,
                    ["requests"] = requests,
                    ["p50_ms"] = Math.Round(Stats.Percentile(times, 50), 3),
                    ["p99_ms"] = Math.Round(Stats.Percentile(times, 99), 3),
                    ["requests_per_sec"] = Math.Round(requests / elapsed, 0),
                };
                result.Run(line);
                runs.Add(line);
            }
        }

        Summary? Of(string transport, string field) => Summary.Of(runs.Where(r => Jn.S(r["transport"]) == transport).Select(r => Jn.D(r[field])));
        result.Metrics.Add(ProbeCycle.Ratio("GET /api/fleet p50 vs control socket", "ms", Of("http", "p50_ms"), Of("control", "p50_ms"), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("GET /api/fleet p99 vs control socket", "ms", Of("http", "p99_ms"), Of("control", "p99_ms"), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("GET /api/fleet requests/s vs control socket", "req/s", Of("http", "requests_per_sec"), Of("control", "requests_per_sec"), null, null));

        // ---- 200 SSE subscribers on the flood pod ----
        var flood = fleet.Pods.First(p => p.Name.StartsWith("flood", StringComparison.Ordinal));
        var rssBefore = ProcInfo.Rss(daemon.Pid);
        using var stop = new CancellationTokenSource();
        var counts = new long[subscribers];
        var ended = new int[subscribers];
        var streams = Enumerable.Range(0, subscribers).Select(i => Task.Run(() => Subscribe(client, flood.Name, i, counts, ended, stop.Token))).ToArray();
        // The window starts once every stream has delivered (attached and streaming), or after 60 s.
        var attach = Stopwatch.StartNew();
        while (counts.Count(c => Interlocked.Read(ref c) > 0) < subscribers && attach.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100).ConfigureAwait(false);
        var attachSeconds = attach.Elapsed.TotalSeconds;
        // Attached is not yet steady: each new session first reads its pod up to its backlog bound. The window starts
        // after a settling time.
        var settleStart = counts.Sum();
        await Task.Delay(TimeSpan.FromSeconds(settle)).ConfigureAwait(false);
        var settled = counts.Sum() - settleStart;
        var e0 = counts.Sum();
        var cpu0 = ProcInfo.Cpu(daemon.Pid);
        var window = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var e1 = counts.Sum();
        var elapsedWindow = window.Elapsed.TotalSeconds;
        var cpu = ProcInfo.Cpu(daemon.Pid) - cpu0;
        var rssWith = ProcInfo.Rss(daemon.Pid);
        var streaming = counts.Count(c => c > 0);
        var endedEarly = ended.Sum();
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(streams).ConfigureAwait(false);
        var perSubscriberKiB = (rssWith - rssBefore) / 1024.0 / subscribers;
        var sse = new JsonObject
        {
            ["subscribers"] = subscribers,
            ["streaming"] = streaming,
            ["all_streaming_after_s"] = Math.Round(attachSeconds, 1),
            ["settle_s"] = settle,
            ["events_per_sec_while_settling"] = Math.Round(settled / Math.Max(settle, 0.001), 0),
            ["ended_before_the_end"] = endedEarly,
            ["events_per_sec_total"] = Math.Round((e1 - e0) / elapsedWindow, 0),
            ["events_per_sec_per_subscriber"] = Math.Round((e1 - e0) / elapsedWindow / subscribers, 0),
            ["daemon_cpu_cores"] = Math.Round(cpu.TotalSeconds / elapsedWindow, 2),
            ["rss_before_mib"] = Math.Round(rssBefore / 1048576.0, 1),
            ["rss_with_mib"] = Math.Round(rssWith / 1048576.0, 1),
            ["rss_per_subscriber_kib"] = Math.Round(perSubscriberKiB, 1),
        };
        result.Run(sse);
        result.Notes.Add($"SSE: {subscribers} concurrent `GET /api/pods/{{flood}}/events` streams (each its own pod session and connection to the flood pod), read with 64 KiB buffers counting SSE events; {seconds:0.#} s window starting {settle:0.#} s after every stream has delivered (`--settle`); `ended_before_the_end`: streams the daemon closed (a subscriber that does not keep up is detached `lagged`); memory: the daemon's RSS with the streams open minus before, per subscriber.");
        result.Metrics.Add(new Metric { Name = $"SSE events delivered to {subscribers} subscribers", Unit = "events/s", Product = Summary.Of([Jn.D(sse["events_per_sec_total"])]) });
        result.Metrics.Add(new Metric { Name = "daemon memory per SSE subscriber", Unit = "KiB", Product = Summary.Of([perSubscriberKiB]) });
    }

    private static async Task Subscribe(HttpClient client, string pod, int index, long[] counts, int[] ended, CancellationToken stop)
    {
        try
        {
            using var response = await client.GetAsync($"api/pods/{pod}/events", HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            var previous = (byte)0;
            while (true)
            {
                var n = await body.ReadAsync(buffer, stop).ConfigureAwait(false);
                if (n == 0)
                {
                    // The daemon ended the stream: a subscriber that fell behind is detached (lagged).
                    ended[index] = 1;
                    return;
                }

                // One SSE event ends with a blank line: count "\n\n" (across reads too).
                var span = buffer.AsSpan(0, n);
                long events = 0;
                if (previous == (byte)'\n' && span[0] == (byte)'\n') events++;
                var at = 0;
                while ((at = span.IndexOf("\n\n"u8)) >= 0)
                {
                    events++;
                    span = span[(at + 2)..];
                }

                previous = buffer[n - 1];
                Interlocked.Add(ref counts[index], events);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
