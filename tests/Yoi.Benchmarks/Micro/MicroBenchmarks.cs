using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Yoi.Actors.Protocol;
using Yoi.Benchmarks.Infra;
using Yoi.Benchmarks.Scenarios;

namespace Yoi.Benchmarks.Micro;

/// <summary>BenchmarkDotNet entry (<c>micro --bdn [-- BDN args]</c>): short in-process jobs, results under artifacts/bench/micro.</summary>
public static class MicroBenchmarks
{
    public static int RunBenchmarkDotNet(string[] bdnArgs)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .WithArtifactsPath(Path.Combine(Repo.ArtifactsDir, "micro"))
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile);
        var args = bdnArgs.Length == 0 ? ["--filter", "*"] : bdnArgs;
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}

[MemoryDiagnoser]
public class CodecBenchmarks
{
    private string[] _lines = null!;
    private Event[] _decoded = null!;
    private JObject[] _jobjects = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lines = Golden.AllEvents;
        _decoded = _lines.Select(EventCodec.Decode).ToArray();
        _jobjects = _lines.Select(JObject.Parse).ToArray();
    }

    [Benchmark(Baseline = true, Description = "JObject.Parse, every golden line")]
    public int JObjectParse()
    {
        var n = 0;
        foreach (var l in _lines)
            n += JObject.Parse(l).Count;
        return n;
    }

    [Benchmark(Description = "EventCodec.Decode, every golden line")]
    public int Decode()
    {
        var n = 0;
        foreach (var l in _lines)
            n += EventCodec.Decode(l).Name.Length;
        return n;
    }

    [Benchmark(Description = "JsonDocument.Parse, every golden line")]
    public int JsonDocumentParse()
    {
        var n = 0;
        foreach (var l in _lines)
        {
            using var d = System.Text.Json.JsonDocument.Parse(l);
            n += (int)d.RootElement.ValueKind;
        }

        return n;
    }

    [Benchmark(Description = "EventCodec.Encode, every golden line")]
    public int Encode()
    {
        var n = 0;
        foreach (var e in _decoded)
            n += EventCodec.Encode(e).Length;
        return n;
    }

    [Benchmark(Description = "JObject.ToString, every golden line")]
    public int JObjectToString()
    {
        var n = 0;
        foreach (var j in _jobjects)
            n += j.ToString(Formatting.None).Length;
        return n;
    }

    [Benchmark(Description = "EventCodec.Decode text_delta")]
    public Event DecodeTextDelta() => EventCodec.Decode(Golden.TextDelta);

    [Benchmark(Description = "JObject.Parse text_delta")]
    public JObject JObjectTextDelta() => JObject.Parse(Golden.TextDelta);
}

[MemoryDiagnoser]
public class FramerBenchmarks
{
    private byte[] _stream = null!;

    [GlobalSetup]
    public void Setup() => _stream = Golden.Stream(1 << 20);

    [Benchmark(Baseline = true, Description = "naive IndexOf + GetString, 1 MiB")]
    public long Naive() => MicroQuick.NaiveFrame(_stream);

    [Benchmark(Description = "LineFramer.Push, 1 MiB in 64 KiB chunks")]
    public long Framer() => MicroQuick.Frame(_stream);
}
