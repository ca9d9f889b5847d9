using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Pods;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// cluster: three <c>yoi-supervisor run --cluster</c> nodes on loopback (TLS, certificates from <c>cluster-cert</c>),
/// each over its own fleet of 100 pods. (1) Per-node CPU while idle, against a plain <c>run</c> over 100 pods measured in
/// the same window. (2) View propagation: a pod appears on node b (a row added to its pods.json); the time from b's own
/// <c>change</c> event to the <c>cycle</c> on node a's cluster subscription that first shows it, p50/p99. (3) A
/// <c>send</c> (cancel) from a to <c>c/POD</c> against the same send on c to its own pod, interleaved rounds.
/// </summary>
public static class ClusterBench
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "three cluster nodes on loopback: idle CPU, view propagation, cross-node send";
        var host = Repo.HostCommand() ?? throw new InvalidOperationException("build src/Yoi.Host first (its `run --cluster` is measured)");
        var podCount = args.Int("pods", 100);
        var idleSeconds = args.Double("idle-seconds", 20);
        var changes = args.Int("changes", 30);
        var rounds = args.Int("rounds", 5);
        var sendsPerRound = args.Int("sends", 40);
        var work = FleetProcess.NewRuntimeDir("cluster-bench");
        var certs = Path.Combine(work, "certs");
        await RunToEnd(host, ["cluster-cert", "--out", certs, "--nodes", "a,b,c"]).ConfigureAwait(false);

        var names = new[] { "a", "b", "c" };
        var ports = names.ToDictionary(n => n, _ => FreePort());
        var fleets = new Dictionary<string, FleetProcess>();
        var nodes = new Dictionary<string, HostDaemon>();
        FleetProcess? plainFleet = null;
        HostDaemon? plain = null;
        try
        {
            foreach (var n in names)
                fleets[n] = await FleetProcess.StartAsync("self", podCount, "normal", "cluster-" + n).ConfigureAwait(false);
            plainFleet = await FleetProcess.StartAsync("self", podCount, "normal", "cluster-plain").ConfigureAwait(false);
            foreach (var n in names)
            {
                var config = Path.Combine(work, n + ".json");
                await File.WriteAllTextAsync(config, new JsonObject
                {
                    ["cluster"] = new JsonObject
                    {
                        ["node_name"] = n,
                        ["port"] = ports[n],
                        ["seed_nodes"] = new JsonArray($"127.0.0.1:{ports["a"]}"),
                        ["certificate_path"] = Path.Combine(certs, n + ".pfx"),
                        ["ca_certificate_path"] = Path.Combine(certs, "ca.crt"),
                    },
                }.ToJsonString()).ConfigureAwait(false);
                nodes[n] = await HostDaemon.StartAsync(host, fleets[n].RuntimeDir, "--cluster", "--config", config).ConfigureAwait(false);
            }

            plain = await HostDaemon.StartAsync(host, plainFleet.RuntimeDir).ConfigureAwait(false);

            // Formed: a's cluster view lists every pod of the three nodes.
            var formed = Stopwatch.StartNew();
            while (true)
            {
                var fleet = await Request(Socket(fleets["a"]), """{"method":"fleet","params":{"cluster":true}}""").ConfigureAwait(false);
                var rows = fleet.RootElement.GetProperty("data").GetProperty("pods").GetArrayLength();
                if (rows == 3 * podCount)
                    break;
                if (formed.Elapsed > TimeSpan.FromSeconds(120))
                    throw new TimeoutException($"the cluster did not form: a lists {rows} of {3 * podCount} pods");
                await Task.Delay(250).ConfigureAwait(false);
            }

            Out.Log($"cluster: formed in {formed.Elapsed.TotalSeconds:0.0} s");
            // The JIT tiers Akka.Cluster's and Akka.Remote's code up for a while after forming: measured after it.
            await Task.Delay(TimeSpan.FromSeconds(args.Double("warmup", 40))).ConfigureAwait(false);

            // (1) idle CPU, every node and the plain daemon over the same window.
            var pids = names.ToDictionary(n => n, n => nodes[n].Pid);
            pids["plain"] = plain.Pid;
            var cpu0 = pids.ToDictionary(p => p.Key, p => ProcInfo.Cpu(p.Value));
            var window = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds)).ConfigureAwait(false);
            var pct = pids.ToDictionary(p => p.Key, p => (ProcInfo.Cpu(p.Value) - cpu0[p.Key]).TotalSeconds / window.Elapsed.TotalSeconds * 100);
            foreach (var (who, v) in pct)
                result.Run(new JsonObject { ["phase"] = "idle", ["process"] = who, ["pods"] = podCount, ["seconds"] = Math.Round(window.Elapsed.TotalSeconds, 1), ["cpu_pct_of_core"] = Math.Round(v, 3), ["rss_mib"] = Math.Round(ProcInfo.Rss(pids[who]) / 1048576.0, 1) });
            var nodePct = names.Select(n => pct[n]).ToList();
            result.Metrics.Add(new Metric
            {
                Name = "idle: CPU per cluster node (3 nodes × 100 pods, default period)",
                Unit = "% of a core",
                Product = Summary.Of(nodePct),
                Baseline = Summary.Of([pct["plain"]]),
                Note = $"nodes {string.Join(" / ", nodePct.Select(v => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} %; baseline: a plain `run` over 100 pods in the same window",
            });

            // (2) view propagation b → a.
            var propagation = await PropagationAsync(fleets["a"], fleets["b"], changes).ConfigureAwait(false);
            var sorted = propagation.Order().ToArray();
            foreach (var ms in propagation)
                result.Run(new JsonObject { ["phase"] = "propagation", ["ms"] = Math.Round(ms, 2) });
            result.Metrics.Add(new Metric { Name = "view propagation b → a, p50", Unit = "ms", Product = Summary.Of([Stats.Percentile(sorted, 50)]), Note = $"{sorted.Length} changes; from b's `change` to a's cluster `cycle` showing it" });
            result.Metrics.Add(new Metric { Name = "view propagation b → a, p99", Unit = "ms", Product = Summary.Of([Stats.Percentile(sorted, 99)]) });

            // (3) send: a → c/POD against c → POD, rounds interleaved.
            var pod = fleets["c"].Pods[0].Name;
            var remote = new List<double>();
            var local = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                local.AddRange(await SendsAsync(Socket(fleets["c"]), pod, sendsPerRound).ConfigureAwait(false));
                remote.AddRange(await SendsAsync(Socket(fleets["a"]), "c/" + pod, sendsPerRound).ConfigureAwait(false));
            }

            result.Run(new JsonObject { ["phase"] = "send", ["local_p50_ms"] = Math.Round(Stats.Median(local.Order().ToList()), 3), ["remote_p50_ms"] = Math.Round(Stats.Median(remote.Order().ToList()), 3) });
            result.Metrics.Add(new Metric
            {
                Name = "send latency: a → c/POD vs c → POD (request to `sent`)",
                Unit = "ms",
                Product = Summary.Of(remote),
                Baseline = Summary.Of(local),
                Note = $"{rounds} interleaved rounds × {sendsPerRound}; p99 remote {Stats.Percentile(remote.Order().ToArray(), 99):0.00} ms, local {Stats.Percentile(local.Order().ToArray(), 99):0.00} ms",
            });
        }
        finally
        {
            if (plain is not null) await plain.DisposeAsync().ConfigureAwait(false);
            foreach (var node in nodes.Values) await node.DisposeAsync().ConfigureAwait(false);
            if (plainFleet is not null) await plainFleet.DisposeAsync().ConfigureAwait(false);
            foreach (var fleet in fleets.Values) await fleet.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Socket(FleetProcess fleet) => Path.Combine(fleet.RuntimeDir, "supervisor.sock");

    /// <summary>Adds (then removes) a row to b's pods.json, <paramref name="count"/> times: each appearance is timed from
    /// b's own <c>change</c> to the first cluster <c>cycle</c> on a that lists it.</summary>
    private static async Task<List<double>> PropagationAsync(FleetProcess a, FleetProcess b, int count)
    {
        using var onA = await LineClient.OpenAsync(Socket(a), """{"method":"subscribe","params":{"cluster":true}}""").ConfigureAwait(false);
        using var onB = await LineClient.OpenAsync(Socket(b), """{"method":"subscribe"}""").ConfigureAwait(false);
        await onA.NextAsync().ConfigureAwait(false);
        await onB.NextAsync().ConfigureAwait(false);
        var basePods = Registry.Read(b.RuntimeDir);
        var results = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var name = $"probe-{i}";
            Registry.Write(b.RuntimeDir, basePods.Append(new Pod(name, Environment.ProcessId, Path.Combine(b.RuntimeDir, name + ".sock"))));
            var seenOnB = await onB.UntilAsync(l => l.Contains("\"pod_appeared\"", StringComparison.Ordinal) && l.Contains($"\"{name}\"", StringComparison.Ordinal)).ConfigureAwait(false);
            var seenOnA = await onA.UntilAsync(l => l.Contains($"\"name\":\"{name}\"", StringComparison.Ordinal)).ConfigureAwait(false);
            results.Add((seenOnA - seenOnB) * 1000.0 / Stopwatch.Frequency);
            Registry.Write(b.RuntimeDir, basePods);
            await onA.UntilAsync(l => l.Contains("\"event\":\"cycle\"", StringComparison.Ordinal) && !l.Contains($"\"name\":\"{name}\"", StringComparison.Ordinal)).ConfigureAwait(false);
        }

        return results;
    }

    private static async Task<List<double>> SendsAsync(string socket, string pod, int count)
    {
        using var client = await LineClient.OpenAsync(socket, null).ConfigureAwait(false);
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.WriteAsync("{\"method\":\"send\",\"params\":{\"pod\":\"" + pod + "\",\"request\":{\"method\":\"cancel\"}}}").ConfigureAwait(false);
            var line = await client.NextAsync().ConfigureAwait(false);
            if (!line.Contains("\"event\":\"sent\"", StringComparison.Ordinal))
                throw new InvalidOperationException($"send to {pod}: {line}");
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return times;
    }

    private static async Task<JsonDocument> Request(string socket, string request)
    {
        using var client = await LineClient.OpenAsync(socket, request).ConfigureAwait(false);
        return JsonDocument.Parse(await client.NextAsync().ConfigureAwait(false));
    }

    private static async Task RunToEnd((string File, string[] Prefix) host, string[] args)
    {
        var psi = new ProcessStartInfo(host.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in host.Prefix.Concat(args))
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', args)}: exit {process.ExitCode}: {await process.StandardError.ReadToEndAsync().ConfigureAwait(false)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One control connection read line by line, each line stamped when it was read.</summary>
    private sealed class LineClient : IDisposable
    {
        private readonly System.Net.Sockets.Socket _socket;
        private readonly StreamReader _reader;
        private readonly NetworkStream _stream;

        private LineClient(System.Net.Sockets.Socket socket)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: false);
            _reader = new StreamReader(_stream, Encoding.UTF8, false, 1 << 16);
        }

        public static async Task<LineClient> OpenAsync(string path, string? first)
        {
            var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path)).ConfigureAwait(false);
            var client = new LineClient(socket);
            if (first is not null)
                await client.WriteAsync(first).ConfigureAwait(false);
            return client;
        }

        public async Task WriteAsync(string line)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            await _stream.WriteAsync(bytes).ConfigureAwait(false);
        }

        public async Task<string> NextAsync() =>
            await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false)
            ?? throw new IOException("the supervisor closed the connection");

        /// <summary>Reads until a line matches; the timestamp at which it was read.</summary>
        public async Task<long> UntilAsync(Func<string, bool> match)
        {
            while (true)
            {
                var line = await NextAsync().ConfigureAwait(false);
                if (match(line))
                    return Stopwatch.GetTimestamp();
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _stream.Dispose();
            _socket.Dispose();
        }
    }
}
