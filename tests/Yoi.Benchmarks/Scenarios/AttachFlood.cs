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
/// EventCodec.Decode) on the same stream.
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

        using var system = BenchSystem.Create("flood");
        var runs = new List<JsonObject>();
        string[] readers = ["actor", "plain"];
        // Warm-up round for both (JIT), not recorded.
        foreach (var reader in readers)
            await OneRun(system, reader, pod, 0.5, 0.5).ConfigureAwait(false);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var reader in round % 2 == 0 ? readers : readers.Reverse())
            {
                var line = await OneRun(system, reader, pod, warmup, seconds).ConfigureAwait(false);
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
        result.Metrics.Add(ProbeCycle.Ratio("CPU per event", "ns", Of("actor", "cpu_ns_per_event"), Of("plain", "cpu_ns_per_event"), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("resident memory at end of run", "MiB", Of("actor", "rss_mib"), Of("plain", "rss_mib"), null, null));
    }

    private static async Task<JsonObject> OneRun(ActorSystem system, string reader, Pod pod, double warmup, double seconds)
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
        else
        {
            plain = Task.Run(() => new PlainReader(counter, 64 * 1024).RunAsync(pod.Socket, stop.Token));
        }

        await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
        var e0 = counter.Events;
        var cpu0 = ProcInfo.SelfCpu();
        var sw = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var e1 = counter.Events;
        var elapsed = sw.Elapsed.TotalSeconds;
        var cpu = ProcInfo.SelfCpu() - cpu0;
        var rss = ProcInfo.Rss();
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
