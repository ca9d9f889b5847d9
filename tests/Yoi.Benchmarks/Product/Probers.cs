using System.Diagnostics;
using Akka.Actor;
using Yoi.Actors.Probing;
using Yoi.Actors.Supervision;
using Yoi.Benchmarks.Baselines;
using Yoi.Benchmarks.Pods;

namespace Yoi.Benchmarks.Product;

/// <summary>One probe as the benchmark sees it: did a status arrive, and how long it took.</summary>
public readonly record struct ProbeSample(bool Ok, string Outcome, double Micros);

/// <summary>Something that probes a fleet: a whole cycle (all pods concurrently) or one pod (seq mode).</summary>
public interface IProber : IAsyncDisposable
{
    string Name { get; }

    Task<IReadOnlyList<ProbeSample>> CycleAsync();

    Task<ProbeSample> ProbeOneAsync(Pod pod);
}

/// <summary>The product: <see cref="Fleet.ProbeAll"/> / <see cref="Fleet.ProbePod"/> through the supervisor's actors.</summary>
public sealed class ActorProber : IProber
{
    private readonly ActorSystem _system;
    private readonly IActorRef _supervisor;
    private readonly TimeSpan _askTimeout = TimeSpan.FromSeconds(30);

    public ActorProber(string runtimeDir, TimeSpan probeTimeout, TimeSpan? period = null)
    {
        _system = BenchSystem.Create("probe");
        // A long period: the benchmark drives every cycle itself (the first tick's cycle runs during warm-up).
        _supervisor = _system.ActorOf(
            PodSupervisor.Props(new SupervisorSettings { RuntimeDir = runtimeDir, Period = period ?? TimeSpan.FromHours(1), ProbeTimeout = probeTimeout }),
            PodSupervisor.DefaultName);
    }

    public string Name => "actor";

    public ActorSystem System => _system;

    public IActorRef Supervisor => _supervisor;

    public async Task<IReadOnlyList<ProbeSample>> CycleAsync()
    {
        var done = await _supervisor.Ask<Fleet.CycleCompleted>(Fleet.ProbeAll.Instance, _askTimeout).ConfigureAwait(false);
        var samples = new ProbeSample[done.Results.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            var r = done.Results[i];
            samples[i] = new ProbeSample(r.Outcome == ProbeOutcome.Ok, r.Outcome.ToWireName(), r.Latency.TotalMicroseconds);
        }

        return samples;
    }

    public async Task<ProbeSample> ProbeOneAsync(Pod pod)
    {
        var start = Stopwatch.GetTimestamp();
        var reply = await _supervisor.Ask<object>(new Fleet.ProbePod(pod.Name), _askTimeout).ConfigureAwait(false);
        var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return reply is ProbeResult r
            ? new ProbeSample(r.Outcome == ProbeOutcome.Ok, r.Outcome.ToWireName(), micros)
            : new ProbeSample(false, reply.GetType().Name, micros);
    }

    public async ValueTask DisposeAsync() => await _system.Terminate().ConfigureAwait(false);
}

/// <summary>The baseline: <see cref="PlainProber"/>, the registry re-read every cycle like the supervisor does.</summary>
public sealed class PlainCycleProber(string runtimeDir, TimeSpan probeTimeout) : IProber
{
    public string Name => "plain";

    public async Task<IReadOnlyList<ProbeSample>> CycleAsync()
    {
        var pods = Registry.Read(runtimeDir);
        var tasks = new Task<(PlainOutcome, long)>[pods.Count];
        for (var i = 0; i < tasks.Length; i++)
            tasks[i] = PlainProber.ProbeAsync(pods[i], probeTimeout);
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return results.Select(r => Sample(r.Item1, r.Item2)).ToList();
    }

    public async Task<ProbeSample> ProbeOneAsync(Pod pod)
    {
        var (outcome, ticks) = await PlainProber.ProbeAsync(pod, probeTimeout).ConfigureAwait(false);
        return Sample(outcome, ticks);
    }

    private static ProbeSample Sample(PlainOutcome outcome, long ticks) =>
        new(outcome == PlainOutcome.Ok, outcome.ToString(), ticks * 1_000_000.0 / Stopwatch.Frequency);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
