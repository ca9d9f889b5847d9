namespace Yoi.Simulation;

/// <summary>Knobs of the simulated pods. Defaults suit tests and the demo.</summary>
public sealed record SimulationOptions
{
    public static SimulationOptions Default { get; } = new();

    /// <summary>Pause before each event of a run, so cancel/pause can land mid-run. Zero emits a run in one burst, at a
    /// pod's pace (groups of 128 events, 1 ms apart: about 50,000 events/s).</summary>
    public TimeSpan EventDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Extra pause before the first <c>text_delta</c> of each LLM call (the "model thinking" time, before any output).</summary>
    public TimeSpan ResponseLatency { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Buffered <c>alert</c> events written on connect, before the snapshot.</summary>
    public int AlertsOnConnect { get; init; } = 1;

    /// <summary><see cref="PodMode.Slow"/>: delay before alerts and snapshot (longer than a 200 ms probe deadline).</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><see cref="PodMode.HugeLine"/>: bytes of the huge line, without its <c>\n</c> (default above the 16 MiB line limit).</summary>
    public int HugeLineBytes { get; init; } = 17 * 1024 * 1024;

    /// <summary><see cref="PodMode.Flood"/>: the text of every flooded <c>text_delta</c>.</summary>
    public string FloodText { get; init; } = "flood ";

    /// <summary>The <c>text_delta</c> events of each reply without a tool call: 3 words, or, when more, numbered
    /// <c>d1 </c>, <c>d2 </c>, … (a burst to follow, with an order to check).</summary>
    public int RunDeltas { get; init; } = 3;

    /// <summary>Events queued for one connection before it counts as a slow reader and is dropped (a real pod: 256).</summary>
    public int OutboundQueueLimit { get; init; } = 256;

    /// <summary>The greeting's <c>cwd</c>.</summary>
    public string Cwd { get; init; } = "/tmp";

    /// <summary>Which runtime generation the pods play: the June <c>pod</c> dialect (<c>pods.json</c>, <c>pod_name</c>) or
    /// the August <c>worker</c> one (<c>workers.json</c>, <c>worker_name</c>, <c>list_workers</c>/<c>workers_listed</c>,
    /// "Worker is …" errors, file completions only). Two fleets in one runtime directory make a mixed one.</summary>
    public Yoi.Actors.Protocol.Dialect Dialect { get; init; } = Yoi.Actors.Protocol.Dialect.Pod;

    internal bool Worker => Dialect == Yoi.Actors.Protocol.Dialect.Worker;

    /// <summary>Whether <see cref="SimulatedFleet"/> registers its pods in <c>pods.json</c> (or <c>workers.json</c>) (off: sockets only, e.g. benchmarks).</summary>
    public bool Register { get; init; } = true;

    internal void Validate()
    {
        if (EventDelay < TimeSpan.Zero || ResponseLatency < TimeSpan.Zero || SlowDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("simulation delays must not be negative");
        }

        if (AlertsOnConnect < 0)
        {
            throw new ArgumentException($"AlertsOnConnect must not be negative (got {AlertsOnConnect})");
        }

        if (HugeLineBytes < 1)
        {
            throw new ArgumentException($"HugeLineBytes must be positive (got {HugeLineBytes})");
        }

        if (RunDeltas < 1)
        {
            throw new ArgumentException($"RunDeltas must be positive (got {RunDeltas})");
        }

        if (OutboundQueueLimit < 1)
        {
            throw new ArgumentException($"OutboundQueueLimit must be positive (got {OutboundQueueLimit})");
        }

        if (string.IsNullOrEmpty(FloodText))
        {
            throw new ArgumentException("FloodText must not be empty");
        }
    }
}
