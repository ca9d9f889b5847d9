using Yoi.Simulation.Behaviours;

namespace Yoi.Simulation;

/// <summary>
/// What the parts of one pod share (its identity, mode behaviour, counters and conversation), given to each
/// connection at construction. Nothing in it points back to the <see cref="SimulatedPod"/>.
/// </summary>
internal sealed class PodContext
{
    private readonly Lazy<IReadOnlyList<byte[]>> _prelude;

    public PodContext(string name, SimulationOptions options, PodBehaviour behaviour, PodCounters counters, PodEngine engine, long startedAtMs, CancellationToken stopping)
    {
        Name = name;
        Options = options;
        Behaviour = behaviour;
        Counters = counters;
        Engine = engine;
        StartedAtMs = startedAtMs;
        Stopping = stopping;
        // Lazy: a huge line is 17 MiB by default, worth building only once a client connects, and only once.
        _prelude = new Lazy<IReadOnlyList<byte[]>>(() => behaviour.Prelude(options));
    }

    public string Name { get; }

    public SimulationOptions Options { get; }

    public PodBehaviour Behaviour { get; }

    public PodCounters Counters { get; }

    /// <summary>The conversational state; only conversing behaviours greet through it and hand it methods.</summary>
    public PodEngine Engine { get; }

    public long StartedAtMs { get; }

    /// <summary>Cancelled when the pod is disposed.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>The behaviour's <see cref="PodBehaviour.Prelude"/>, built on first use.</summary>
    public IReadOnlyList<byte[]> Prelude => _prelude.Value;
}
