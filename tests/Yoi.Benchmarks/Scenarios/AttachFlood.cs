using System.Diagnostics;
using System.Text.Json.Nodes;
using Akka.Actor;
using Yoi.Actors.Framing;
using Yoi.Actors.Sessions;
using Yoi.Benchmarks.Baselines;
using Yoi.Benchmarks.Pods;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Product;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// attach-flood: one pod streams <c>text_delta</c> lines as fast as the socket takes them; events per second delivered
/// to a subscriber through a <see cref="PodSessionActor"/>, against a plain reader (ReceiveAsync → LineFramer →
/// EventCodec.Decode) on the same stream; and, when the host is built, the same flood through a running daemon
/// (<c>yoi-supervisor run</c> on the fleet) to a raw client that sends <c>watch</c> and counts newlines, against the
/// in-process figure of the same run.
/// </summary>
public static class AttachFlood
{
    public static async Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "one flooding pod: events/s delivered to a subscriber";
        var rounds = args.Int("rounds", 5);
        var seconds = args.Double("seconds", 2);
        var warmup = args.Double("warmup", 0.5);
        await using var fleet = args.Str("runtime-dir") is { } dir
            ? FleetProcess.Existing(dir)
            : await FleetProcess.StartSelfAsync("flood:1", tag: "flood").ConfigureAwait(false);
        var pod = fleet.Pods.First();
        result.Notes.Add($"Pod: the benchmark fleet's flood pod (separate process) writing 64 KiB blocks of `{BenchFleet.TextDeltaLine(BenchFleet.DefaultFloodText)}` lines; {rounds} rounds × {seconds:0.#} s per reader after {warmup:0.#} s warm-up, a fresh connection each run.");
        result.Notes.Add("Product: PodSessionActor (connection + reader actors, LineFramer, EventCodec) → PodSession.EventsReceived batches → a counting subscriber actor. Baseline: one async loop, Socket.ReceiveAsync (64 KiB buffer) → LineFramer → EventCodec.Decode, counting.");

        var host = args.Has("no-daemon") ? null : Repo.HostCommand();
        await using var daemon = host is { } h ? await HostDaemon.StartAsync(h, fleet.RuntimeDir).ConfigureAwait(false) : null;
        var controlSocket = Path.Combine(fleet.RuntimeDir, "supervisor.sock");
        if (daemon is not null)
            result.Notes.Add("Through a daemon: `yoi-supervisor run` (src/Yoi.Host/bin build output) on the fleet, started for the scenario; a raw client connects to supervisor.sock, sends `{\"method\":\"watch\",\"params\":{\"pod\":…}}` and reads with a 64 KiB buffer counting newlines only (one `pod_event` per pod line). Its CPU is the daemon's (pod session, codec, control connection), not this process's. Ratio against the in-process subscriber (actor) of the same run.");
        else
            result.Notes.Add("Through a daemon: not measured (the host is not built, or --no-daemon).");

        using var system = BenchSystem.Create("flood");
        var runs = new List<JsonObject>();
        string[] readers = daemon is null ? ["actor", "plain"] : ["actor", "plain", "daemon"];
        // Warm-up round for both (JIT), not recorded.
        foreach (var reader in readers)
            await OneRun(system, reader, pod, daemon, controlSocket, 0.5, 0.5).ConfigureAwait(false);
        for (var round = 0; round < rounds; round++)
        {
            // The order rotates every round, so no reader always follows the same one.
            foreach (var reader in readers.Skip(round % readers.Length).Concat(readers.Take(round % readers.Length)))
            {
                var line = await OneRun(system, reader, pod, daemon, controlSocket, warmup, seconds).ConfigureAwait(false);
                line["round"] = round;
                result.Run(line);
                runs.Add(line);
            }
        }

        await system.Terminate().ConfigureAwait(false);
        Summary? Of(string reader, string field) => Summary.Of(runs.Where(r => Jn.S(r["reader"]) == reader).Select(r => Jn.D(r[field])));
        var product = Of("actor", "events_per_sec");
        var baseline = Of("plain", "events_per_sec");
        result.Metrics.Add(new Metric
        {
            Name = "events delivered",
            Unit = "events/s",
            Product = product,
            Target = "≥ 1,000,000 events/s",
            Pass = product is null ? null : product.Median >= 1_000_000,
        });
        result.Metrics.Add(ProbeCycle.Ratio("events delivered vs plain reader", "events/s", product, baseline, "≥ 0.7× baseline", r => r >= 0.7));
        if (daemon is not null)
        {
            result.Metrics.Add(ProbeCycle.Ratio("through a daemon to a reading client vs in-process", "events/s", Of("daemon", "events_per_sec"), product, null, null));
            result.Metrics.Add(ProbeCycle.Ratio("through a daemon: daemon CPU per event vs in-process", "ns", Of("daemon", "cpu_ns_per_event"), Of("actor", "cpu_ns_per_event"), null, null));
        }

        result.Metrics.Add(ProbeCycle.Ratio("CPU per event", "ns", Of("actor", "cpu_ns_per_event"), Of("plain", "cpu_ns_per_event"), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("resident memory at end of run", "MiB", Of("actor", "rss_mib"), Of("plain", "rss_mib"), null, null));
    }

    private static async Task<JsonObject> OneRun(ActorSystem system, string reader, Pod pod, HostDaemon? daemon, string controlSocket, double warmup, double seconds)
    {
        var counter = new Counter();
        IActorRef? session = null;
        IActorRef? subscriber = null;
        Task? plain = null;
        using var stop = new CancellationTokenSource();
        if (reader == "actor")
        {
            subscriber = system.ActorOf(CountingSubscriber.Props(counter));
            session = system.ActorOf(PodSessionActor.Props(pod.Name, pod.Socket, LineFramer.DefaultMaxLineBytes, subscriber));
        }
        else if (reader == "daemon")
        {
            var watcher = new DaemonWatchReader(counter, 64 * 1024);
            plain = Task.Run(() => watcher.RunAsync(controlSocket, pod.Name, stop.Token));
            // The window starts once the daemon is attached: it may still be releasing the pod from the run before.
            await Task.WhenAny(watcher.Attached, plain).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await watcher.Attached.ConfigureAwait(false);
        }
        else
        {
            plain = Task.Run(() => new PlainReader(counter, 64 * 1024).RunAsync(pod.Socket, stop.Token));
        }

        // The daemon's CPU for its reader: the work is done there, the client only counts.
        TimeSpan Cpu() => reader == "daemon" ? ProcInfo.Cpu(daemon!.Pid) : ProcInfo.SelfCpu();
        await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
        var e0 = counter.Events;
        var cpu0 = Cpu();
        var sw = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var e1 = counter.Events;
        var elapsed = sw.Elapsed.TotalSeconds;
        var cpu = Cpu() - cpu0;
        var rss = reader == "daemon" ? ProcInfo.Rss(daemon!.Pid) : ProcInfo.Rss();
        var detachedEarly = counter.Detached > 0;

        if (session is not null)
        {
            await session.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await subscriber!.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        else
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await plain!.ConfigureAwait(false);
        }

        var events = e1 - e0;
        return new JsonObject
        {
            ["reader"] = reader,
            ["pod"] = pod.Name,
            ["events"] = events,
            ["seconds"] = Math.Round(elapsed, 4),
            ["events_per_sec"] = Math.Round(events / elapsed, 0),
            ["cpu_ns_per_event"] = events > 0 ? Math.Round(cpu.TotalNanoseconds / events, 1) : null,
            ["cpu_cores"] = Math.Round(cpu.TotalSeconds / elapsed, 2),
            ["rss_mib"] = Math.Round(rss / 1048576.0, 1),
            ["detached_early"] = detachedEarly,
        };
    }
}
