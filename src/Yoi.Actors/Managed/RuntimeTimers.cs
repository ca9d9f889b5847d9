using Akka.Actor;

namespace Yoi.Actors.Managed;

/// <summary>
/// One-shot and periodic tells to an actor on runtime timers, by key (starting a key again replaces it). The actor
/// scheduler ticks every second in the supervisor (<c>SupervisorSystemConfig</c>), far too coarse for a 15 ms log
/// poll or a 50 ms backoff. Owned by one actor, which disposes it in PostStop; used only on that actor's thread.
/// </summary>
public sealed class RuntimeTimers(IActorRef self) : IDisposable
{
    private readonly Dictionary<string, Timer> _timers = new(StringComparer.Ordinal);

    public void Once(string key, object message, TimeSpan due) => Start(key, message, due, Timeout.InfiniteTimeSpan);

    public void Every(string key, object message, TimeSpan period) => Start(key, message, period, period);

    public void Cancel(string key)
    {
        if (_timers.Remove(key, out var timer))
            timer.Dispose();
    }

    public void Dispose()
    {
        foreach (var timer in _timers.Values)
            timer.Dispose();
        _timers.Clear();
    }

    private void Start(string key, object message, TimeSpan due, TimeSpan period)
    {
        Cancel(key);
        var target = self;
        _timers[key] = new Timer(_ => target.Tell(message), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
    }
}
