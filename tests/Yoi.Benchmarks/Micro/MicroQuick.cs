using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Yoi.Actors.Framing;
using Yoi.Actors.Protocol;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Micro;

namespace Yoi.Benchmarks.Scenarios;

/// <summary>
/// micro (quick, for the report): decode and encode of every golden event line and framer throughput, against
/// Newtonsoft's JObject.Parse / JObject.ToString and a naive framer, rounds interleaved. BenchmarkDotNet runs the same
/// operations properly with <c>micro --bdn</c> (the Bench-Micro target).
/// </summary>
public static class MicroQuick
{
    public static Task RunAsync(Args args, ScenarioResult result)
    {
        result.Title = "codec and framer, against JObject.Parse";
        var rounds = args.Int("rounds", 5);
        var seconds = args.Double("seconds", 0.4);
        var lines = Golden.AllEvents;
        if (lines.Length == 0)
            throw new InvalidOperationException($"no golden lines in {Golden.Dir}");
        var decoded = lines.Select(EventCodec.Decode).ToArray();
        var jobjects = lines.Select(JObject.Parse).ToArray();
        var exact = Golden.Events.Count(l => EventCodec.Encode(EventCodec.Decode(l)) == l);
        result.Notes.Add($"{lines.Length} golden event lines (events.jsonl + events.inbound.jsonl), {rounds} rounds × {seconds} s per operation; byte-exact round trips of events.jsonl: {exact}/{Golden.Events.Length}. System.Text.Json's JsonDocument.Parse is shown as a second reference in the runs.");
        var stream = Golden.Stream(4 << 20);
        var longSnapshot = Golden.LongSnapshot(1 << 20);
        if (EventCodec.ReadStatus(longSnapshot) != ((SnapshotEvent)EventCodec.Decode(longSnapshot)).Status)
            throw new InvalidOperationException("the status-only reading disagrees with the full decode of the long snapshot");
        result.Notes.Add($"A probe's read of a {longSnapshot.Length / 1e6:0.0} MB snapshot (every golden snapshot's entries, repeated): EventCodec.ReadStatus (the status only; what probes use) against EventCodec.Decode (the full typed event; what sessions use).");

        var ops = new (string Name, string Unit, Func<long> Op, long Units)[]
        {
            ("decode", "lines", () => { foreach (var l in lines) EventCodec.Decode(l); return lines.Length; }, lines.Length),
            ("decode:jobject", "lines", () => { foreach (var l in lines) JObject.Parse(l); return lines.Length; }, lines.Length),
            ("decode:jsondocument", "lines", () => { foreach (var l in lines) System.Text.Json.JsonDocument.Parse(l).Dispose(); return lines.Length; }, lines.Length),
            ("encode", "lines", () => { foreach (var e in decoded) EventCodec.Encode(e); return lines.Length; }, lines.Length),
            ("encode:jobject", "lines", () => { foreach (var j in jobjects) j.ToString(Formatting.None); return lines.Length; }, lines.Length),
            ("text_delta", "events", () => { for (var i = 0; i < 64; i++) EventCodec.Decode(Golden.TextDelta); return 64; }, 64),
            ("text_delta:jobject", "events", () => { for (var i = 0; i < 64; i++) JObject.Parse(Golden.TextDelta); return 64; }, 64),
            ("snapshot:status-only", "bytes", () => { EventCodec.ReadStatus(longSnapshot); return longSnapshot.Length; }, longSnapshot.Length),
            ("snapshot:full", "bytes", () => { EventCodec.Decode(longSnapshot); return longSnapshot.Length; }, longSnapshot.Length),
            ("framer", "bytes", () => Frame(stream), stream.Length),
            ("framer:naive", "bytes", () => NaiveFrame(stream), stream.Length),
        };

        var rates = ops.ToDictionary(o => o.Name, _ => new List<double>());
        foreach (var op in ops)
            Measure(op.Op, 0.1); // warm-up / JIT
        for (var round = 0; round < rounds; round++)
        {
            foreach (var op in round % 2 == 0 ? ops : ops.Reverse())
            {
                var rate = Measure(op.Op, seconds);
                rates[op.Name].Add(rate);
                result.Run(new JsonObject { ["op"] = op.Name, ["round"] = round, ["per_sec"] = Math.Round(rate, 0), ["unit"] = op.Unit });
            }
        }

        Summary? S(string name, double scale = 1) => Summary.Of(rates[name].Select(v => v / scale));
        result.Metrics.Add(ProbeCycle.Ratio("decode every golden line", "lines/s", S("decode"), S("decode:jobject"), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("encode every golden line", "lines/s", S("encode"), S("encode:jobject"), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("decode text_delta", "events/s", S("text_delta"), S("text_delta:jobject"), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("probe's read of a 1 MB snapshot: status only (vs full decode)", "MB/s", S("snapshot:status-only", 1e6), S("snapshot:full", 1e6), null, null));
        result.Metrics.Add(ProbeCycle.Ratio("framer (vs naive IndexOf + GetString)", "MB/s", S("framer", 1e6), S("framer:naive", 1e6), null, null));
        result.Metrics.Add(new Metric { Name = "decode, System.Text.Json JsonDocument (reference)", Unit = "lines/s", Product = S("decode:jsondocument") });
        return Task.CompletedTask;
    }

    private static double Measure(Func<long> op, double seconds)
    {
        long units = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
            units += op();
        return units / sw.Elapsed.TotalSeconds;
    }

    public static long Frame(byte[] stream)
    {
        var framer = new LineFramer();
        var sink = new CountingSink();
        for (var off = 0; off < stream.Length; off += 65536)
            framer.Push(stream.AsSpan(off, Math.Min(65536, stream.Length - off)), sink);
        framer.Complete(sink);
        return stream.Length;
    }

    /// <summary>The obvious framer: IndexOf('\n') and a string per line (no carry-over across chunks needed here).</summary>
    public static long NaiveFrame(byte[] stream)
    {
        var span = stream.AsSpan();
        long n = 0;
        while (span.Length > 0)
        {
            var nl = span.IndexOf((byte)'\n');
            if (nl < 0)
                nl = span.Length;
            if (nl > 0)
                n += Encoding.UTF8.GetString(span[..nl]).Length;
            span = nl < span.Length ? span[(nl + 1)..] : [];
        }

        return n >= 0 ? stream.Length : 0;
    }

    public sealed class CountingSink : ILineSink
    {
        public long Lines;

        public void OnLine(long offset, string line) => Lines++;

        public void OnBadLine(long offset, string reason)
        {
        }
    }
}
