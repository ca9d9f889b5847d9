namespace Yoi.Actors.Sessions;

/// <summary>
/// The backlogs of one session's subscribers (bytes delivered, not yet acknowledged) and the flow rule over them:
/// while every backlog is under <see cref="Bound"/> the pod is read at full speed; past it reading pauses, so a reader
/// that is briefly slower (a GC, a busy machine) loses nothing; one still more than half the bound behind when the
/// grace ends that acknowledged nothing during it is stalled and cut (lagged), and one past twice the bound is cut at once. Memory per subscriber is thus at most twice
/// the bound, whatever it does.
/// </summary>
public sealed class SubscriberBacklogs<T>
    where T : notnull
{
    private readonly Dictionary<T, Backlog> _backlogs = [];

    public SubscriberBacklogs(long bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        Bound = bound;
    }

    public long Bound { get; }

    public int Count => _backlogs.Count;

    public IEnumerable<T> Subscribers => _backlogs.Keys;

    public bool Add(T subscriber) => _backlogs.TryAdd(subscriber, new Backlog());

    public bool Remove(T subscriber) => _backlogs.Remove(subscriber);

    public long Of(T subscriber) => _backlogs.TryGetValue(subscriber, out var backlog) ? backlog.Bytes : 0;

    /// <summary>Adds <paramref name="bytes"/> to every backlog. Returns the subscribers this would take past twice the
    /// bound, removed (to be told they lagged, and not given the bytes); null when none.</summary>
    public List<T>? Deliver(long bytes)
    {
        List<T>? cut = null;
        foreach (var (subscriber, backlog) in _backlogs)
        {
            if (backlog.Bytes + bytes > 2 * Bound)
                (cut ??= []).Add(subscriber);
            else
                backlog.Bytes += bytes;
        }

        if (cut is not null)
        {
            foreach (var subscriber in cut)
                _backlogs.Remove(subscriber);
        }

        return cut;
    }

    public void Ack(T subscriber, long bytes)
    {
        if (!_backlogs.TryGetValue(subscriber, out var backlog))
            return;
        backlog.Bytes = Math.Max(0, backlog.Bytes - bytes);
        backlog.Progressed = true;
    }

    /// <summary>A grace starts: progress is counted from now.</summary>
    public void BeginGrace()
    {
        foreach (var backlog in _backlogs.Values)
            backlog.Progressed = false;
    }

    /// <summary>Reading should pause: someone is past the bound.</summary>
    public bool ShouldPause => _backlogs.Values.Any(b => b.Bytes > Bound);

    /// <summary>Reading may resume: everyone is back under half the bound.</summary>
    public bool MayResume => _backlogs.Values.All(b => b.Bytes <= Bound / 2);

    /// <summary>At the end of a grace: removes and returns the stalled, still more than half the bound behind and without
    /// an acknowledgement since <see cref="BeginGrace"/>.</summary>
    public List<T> CutStalled()
    {
        var behind = _backlogs.Where(b => b.Value.Bytes > Bound / 2 && !b.Value.Progressed).Select(b => b.Key).ToList();
        foreach (var subscriber in behind)
            _backlogs.Remove(subscriber);
        return behind;
    }

    private sealed class Backlog
    {
        public long Bytes;
        public bool Progressed;
    }
}
