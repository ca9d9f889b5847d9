using Yoi.Actors.Probing;

namespace Yoi.Actors.Supervision;

/// <summary>
/// The probe cycles under way: each waits for one result of every pod registered when it started (any probe of the
/// pod counts, so an overrun joins the probe already in flight), and completes when none is pending — at once for an
/// empty fleet. A pod that leaves the registry is no longer waited for. Plain bookkeeping, no actor.
/// </summary>
/// <typeparam name="TWaiter">Who is told of a completion (an actor, in the supervisor).</typeparam>
internal sealed class FleetCycles<TWaiter>
{
    private sealed class Cycle(IReadOnlyList<TWaiter> waiters, HashSet<string> pending)
    {
        public List<TWaiter> Waiters { get; } = [.. waiters];
        public HashSet<string> Pending { get; } = pending;
        public List<ProbeResult> Results { get; } = [];
    }

    private readonly List<Cycle> _cycles = [];

    /// <summary>Cycles completed so far.</summary>
    public long Completed { get; private set; }

    /// <summary>Cycles still waiting for a result.</summary>
    public int UnderWay => _cycles.Count;

    public void Start(IEnumerable<string> pods, IReadOnlyList<TWaiter> waiters) =>
        _cycles.Add(new Cycle(waiters, new HashSet<string>(pods, StringComparer.Ordinal)));

    /// <summary>Adds <paramref name="waiter"/> to the newest cycle under way; false when none is.</summary>
    public bool TryJoin(TWaiter waiter)
    {
        if (_cycles.Count == 0)
            return false;
        _cycles[^1].Waiters.Add(waiter);
        return true;
    }

    /// <summary>Counts <paramref name="result"/> for every cycle still waiting for its pod (<paramref name="key"/>, as
    /// given to <see cref="Start"/>, when it is not the pod's name).</summary>
    public void Record(ProbeResult result, string? key = null)
    {
        foreach (var cycle in _cycles)
        {
            if (cycle.Pending.Remove(key ?? result.Pod))
                cycle.Results.Add(result);
        }
    }

    /// <summary>The pod left the registry: no cycle waits for it any more.</summary>
    public void Forget(string pod)
    {
        foreach (var cycle in _cycles)
            cycle.Pending.Remove(pod);
    }

    /// <summary>Removes the oldest cycle that has every result, if any, with its results in pod-name order. One at a
    /// time, so that <see cref="Completed"/> counts each completion as it is handed out.</summary>
    public bool TryTakeCompleted(out IReadOnlyList<TWaiter> waiters, out IReadOnlyList<ProbeResult> results)
    {
        var index = _cycles.FindIndex(c => c.Pending.Count == 0);
        if (index < 0)
        {
            waiters = [];
            results = [];
            return false;
        }

        var cycle = _cycles[index];
        _cycles.RemoveAt(index);
        Completed++;
        waiters = cycle.Waiters;
        results = cycle.Results.OrderBy(r => r.Pod, StringComparer.Ordinal).ToList();
        return true;
    }
}
