using System.Diagnostics.Metrics;
using Yoi.Actors.Probing;
using Yoi.Actors.Supervision;

namespace Yoi.Actors.Diagnostics;

/// <summary>
/// The supervisor's one <see cref="Meter"/>, <c>Yoi.Supervisor</c>: what the actors already know, recorded where they
/// learn it. Counters and histograms are recorded on the spot (no allocation beyond the tag, whose values are interned
/// strings); gauges read a snapshot the supervisor leaves after each cycle (<see cref="PublishFleet"/>), built only while
/// a listener observes them. Process-wide, as the meter is: in a process with several supervisors (tests) the gauges
/// show the last one to publish.
/// </summary>
public static class SupervisorMetrics
{
    public const string MeterName = "Yoi.Supervisor";

    public static readonly Meter Meter = new(MeterName, typeof(SupervisorMetrics).Assembly.GetName().Version?.ToString());

    // Probe latencies are milliseconds when healthy, up to the deadline (200 ms by default) when not.
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram(
        "yoi.probe.duration", "s", "How long one probe took, from connect to its answer or deadline, by outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Counter<long> Probes = Meter.CreateCounter<long>("yoi.probes", "{probe}", "Probes completed, by outcome");

    private static readonly Counter<long> Restarts = Meter.CreateCounter<long>("yoi.restarts", "{restart}", "Managed pod restarts, by reason");

    private static readonly Counter<long> Undecodable = Meter.CreateCounter<long>(
        "yoi.undecodable_lines", "{line}", "Pod lines that were not valid events, by where they were read (probe, session)");

    private static readonly UpDownCounter<long> ControlConnections = Meter.CreateUpDownCounter<long>(
        "yoi.control.connections", "{connection}", "Open connections to the control socket");

    private static FleetSnapshot? _fleet;
    private static readonly ObservableGauge<int> PodsGauge;

    static SupervisorMetrics()
    {
        PodsGauge = Meter.CreateObservableGauge("yoi.pods", ObservePods, "{pod}", "Pods of the fleet, by last probe outcome, status and managed state");
        Meter.CreateObservableGauge("yoi.pod.connections", () => Volatile.Read(ref _fleet)?.PodConnections ?? 0, "{connection}",
            "Open connections to pods (probes in flight and sessions)");
        Meter.CreateObservableGauge("yoi.sessions", () => Volatile.Read(ref _fleet)?.Sessions ?? 0, "{session}", "Pod sessions (watch, send)");
        Meter.CreateObservableGauge("yoi.subscribers", () => Volatile.Read(ref _fleet)?.Subscribers ?? 0, "{subscriber}",
            "Subscribers to fleet changes");
        Meter.CreateObservableGauge("yoi.process.open_fds", ProcessResources.OpenFileDescriptors, "{fd}", "Open file descriptors of the supervisor process");
    }

    /// <summary>Whether a listener (an exporter, <c>dotnet-counters</c>) has enabled the fleet gauges: the supervisor builds
    /// a snapshot only then.</summary>
    public static bool FleetObserved => PodsGauge.Enabled;

    /// <summary>One probe's end: its duration (histogram) and count, by outcome.</summary>
    public static void RecordProbe(ProbeOutcome outcome, TimeSpan latency)
    {
        if (!ProbeDuration.Enabled && !Probes.Enabled)
            return;
        var tag = new KeyValuePair<string, object?>("outcome", outcome.ToWireName());
        ProbeDuration.Record(latency.TotalSeconds, tag);
        Probes.Add(1, tag);
    }

    /// <summary>A pod line that was not a valid event. <paramref name="source"/>: <c>probe</c> or <c>session</c>.</summary>
    public static void RecordUndecodable(string source) =>
        Undecodable.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <summary>The hook for managed pods: one restart, and why (<c>exited</c>, <c>hung</c>, <c>requested</c>, …).</summary>
    public static void RecordRestart(string reason) =>
        Restarts.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void ControlConnectionOpened() => ControlConnections.Add(1);

    public static void ControlConnectionClosed() => ControlConnections.Add(-1);

    /// <summary>The supervisor's state after a cycle, for the gauges.</summary>
    public static void PublishFleet(IEnumerable<PodState> pods, int podConnections, int sessions, int subscribers)
    {
        var counts = new Dictionary<(string Outcome, string Status, string Managed), int>();
        foreach (var pod in pods)
        {
            var key = (pod.Outcome?.ToWireName() ?? "unprobed", StatusName(pod.Status), pod.Managed is { } m ? ManagedName(m.State) : "");
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Volatile.Write(ref _fleet, new FleetSnapshot(counts, podConnections, sessions, subscribers));
    }

    private static IEnumerable<Measurement<int>> ObservePods()
    {
        if (Volatile.Read(ref _fleet) is not { } fleet)
            yield break;
        foreach (var ((outcome, status, managed), count) in fleet.Pods)
        {
            yield return managed.Length == 0
                ? new Measurement<int>(count, new("outcome", outcome), new("status", status))
                : new Measurement<int>(count, new("outcome", outcome), new("status", status), new("managed_state", managed));
        }
    }

    /// <summary>The wire name of a pod status, <c>none</c> when it gave none.</summary>
    public static string StatusName(Protocol.PodStatus? status) => status switch
    {
        null => "none",
        Protocol.PodStatus.Idle => "idle",
        Protocol.PodStatus.Running => "running",
        Protocol.PodStatus.Paused => "paused",
        _ => "other",
    };

    public static string ManagedName(Managed.ManagedState state) => state switch
    {
        Managed.ManagedState.Starting => "starting",
        Managed.ManagedState.Running => "running",
        Managed.ManagedState.Backoff => "backoff",
        Managed.ManagedState.Stopping => "stopping",
        Managed.ManagedState.Stopped => "stopped",
        Managed.ManagedState.Exited => "exited",
        Managed.ManagedState.Fatal => "fatal",
        _ => "other",
    };

    private sealed record FleetSnapshot(
        IReadOnlyDictionary<(string Outcome, string Status, string Managed), int> Pods, int PodConnections, int Sessions, int Subscribers);
}
