using Yoi.Actors.Probing;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Supervision;

/// <summary>
/// How one probe result moves a pod's state (Kubernetes-probe style): consecutive counts, the healthy flag and its
/// thresholds, the bounded latency history, and the changes subscribers hear of. Pure — no clock, no actor — so the
/// supervisor only applies what it returns.
/// </summary>
internal sealed class HealthRules
{
    /// <param name="failureThreshold">Consecutive failures before a healthy pod counts as unhealthy.</param>
    /// <param name="successThreshold">Consecutive successes before an unhealthy pod counts as healthy.</param>
    /// <param name="latencyHistory">How many recent latencies a pod keeps.</param>
    public HealthRules(int failureThreshold, int successThreshold, int latencyHistory)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failureThreshold);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(successThreshold);
        ArgumentOutOfRangeException.ThrowIfNegative(latencyHistory);
        FailureThreshold = failureThreshold;
        SuccessThreshold = successThreshold;
        LatencyHistory = latencyHistory;
    }

    public int FailureThreshold { get; }

    public int SuccessThreshold { get; }

    public int LatencyHistory { get; }

    public static HealthRules From(SupervisorSettings settings) =>
        new(settings.FailureThreshold, settings.SuccessThreshold, settings.LatencyHistory);

    /// <summary>A pod just found in the registry: never probed, not yet healthy.</summary>
    public static PodState Unprobed(PodAllocation allocation, DateTimeOffset since) =>
        new(allocation.PodName, allocation.Socket, allocation.Pid, null, 0, 0, false, since, [], 0, 0);

    /// <summary>The state after <paramref name="result"/>, and what to publish about it: a reachability change (the
    /// outcome moved, or the first result) before a status change, each carrying the new state.</summary>
    public (PodState State, IReadOnlyList<Fleet.Change> Changes) Apply(PodState state, ProbeResult result)
    {
        if (!string.Equals(state.Name, result.Pod, StringComparison.Ordinal))
            throw new ArgumentException($"a result of pod '{result.Pod}' applied to pod '{state.Name}'", nameof(result));

        var previous = state.LastResult;
        var ok = result.Outcome == ProbeOutcome.Ok;
        var successes = ok ? state.ConsecutiveSuccesses + 1 : 0;
        var failures = ok ? 0 : state.ConsecutiveFailures + 1;
        // Each direction needs its own run: a flapping pod keeps the verdict it had.
        var healthy = state.Healthy ? failures < FailureThreshold : successes >= SuccessThreshold;
        var statusChanged = previous?.Status != result.Status;
        var reachabilityChanged = previous is null || previous.Reachable != result.Reachable || previous.Outcome != result.Outcome;

        var next = state with
        {
            LastResult = result,
            ConsecutiveFailures = failures,
            ConsecutiveSuccesses = successes,
            Healthy = healthy,
            LastChange = statusChanged || reachabilityChanged ? result.At : state.LastChange,
            // A stale pod's "latency" is a pid check, not a round trip: it would only dilute the history.
            RecentLatencies = result.Outcome == ProbeOutcome.Stale ? state.RecentLatencies : WithLatency(state.RecentLatencies, result.Latency),
            Probes = state.Probes + 1,
        };

        if (!statusChanged && !reachabilityChanged)
            return (next, []);
        var changes = new List<Fleet.Change>(2);
        if (reachabilityChanged)
            changes.Add(new Fleet.ReachabilityChanged(result.Pod, result.Reachable, result.Outcome, next));
        if (statusChanged)
            changes.Add(new Fleet.StatusChanged(result.Pod, previous?.Status, result.Status, next));
        return (next, changes);
    }

    // A fresh array each time: a state is a snapshot that views share, so its history is never changed in place.
    private TimeSpan[] WithLatency(IReadOnlyList<TimeSpan> history, TimeSpan latency)
    {
        if (LatencyHistory == 0)
            return [];
        var keep = Math.Min(history.Count, LatencyHistory - 1);
        var next = new TimeSpan[keep + 1];
        for (var i = 0; i < keep; i++)
            next[i] = history[history.Count - keep + i];
        next[keep] = latency;
        return next;
    }
}
