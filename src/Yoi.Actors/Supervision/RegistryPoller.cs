using Akka.Actor;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Supervision;

/// <summary>
/// Reads the registry for its parent: on every period of its own timer, and on <see cref="ReadNow"/>. The read (flock
/// and file I/O, which block) runs off the actor's thread and comes back as a message; at most one is under way, a tick
/// meanwhile is dropped and a <see cref="ReadNow"/> joins it. An unchanged file — the common case, every period — is
/// not locked, read or parsed again. Each read ends in one <see cref="Report"/> to the parent.
/// </summary>
internal sealed class RegistryPoller : UntypedActor
{
    /// <summary>Read now (or join the read under way); its report has <see cref="Report.Requested"/> set.</summary>
    public sealed record ReadNow
    {
        public static ReadNow Instance { get; } = new();
    }

    /// <param name="Requested">The read answers a <see cref="ReadNow"/> (rather than a tick of the timer).</param>
    public abstract record Report(bool Requested);

    public sealed record Loaded(IReadOnlyList<PodAllocation> Allocations, bool Requested) : Report(Requested);

    /// <summary>The file is as it was at the last good read.</summary>
    public sealed record Unchanged(bool Requested) : Report(Requested);

    public sealed record Failed(string Error, bool Requested) : Report(Requested);

    private sealed record Tick : Akka.Event.IDeadLetterSuppression
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record ReadCompleted(IReadOnlyList<PodAllocation>? Allocations, RegistryStamp Stamp);

    private sealed record ReadFailed(string Error);

    /// <summary>What tells a rewrite of pods.json apart without reading it: writers rewrite it in place, which moves
    /// its modification time.</summary>
    private readonly record struct RegistryStamp(bool Exists, DateTime Modified, long Length)
    {
        public static RegistryStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new RegistryStamp(true, info.LastWriteTimeUtc, info.Length) : default;
        }
    }

    private readonly string _path;
    private readonly TimeSpan _lockTimeout;
    private readonly TimeSpan _period;
    private RegistryStamp? _lastGood;
    private Timer? _timer;

    public RegistryPoller(string path, TimeSpan lockTimeout, TimeSpan period)
    {
        _path = path;
        _lockTimeout = lockTimeout;
        _period = period;
    }

    public static Props Props(string path, TimeSpan lockTimeout, TimeSpan period) =>
        ActorFactory.Props(() => new RegistryPoller(path, lockTimeout, period));

    protected override void PreStart()
    {
        // A runtime timer rather than the actor scheduler, whose tick can then be coarse (see SupervisorSystemConfig).
        // Due at once: the first read starts with the poller.
        var self = Self;
        _timer = new Timer(_ => self.Tell(Tick.Instance), null, TimeSpan.Zero, _period);
    }

    protected override void PostStop() => _timer?.Dispose();

    // Idle: nothing under way.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Tick:
                StartRead(requested: false);
                break;
            case ReadNow:
                StartRead(requested: true);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void StartRead(bool requested)
    {
        var path = _path;
        var lockTimeout = _lockTimeout;
        var last = _lastGood;
        Task.Run(object () =>
            {
                var stamp = RegistryStamp.Of(path);
                return new ReadCompleted(stamp == last ? null : PodRegistry.Read(path, lockTimeout), stamp);
            })
            .PipeTo(Self, failure: e => new ReadFailed(e is RegistryException ? e.Message : $"cannot read {path}: {e.Message}"));
        Become(requested ? ReadingRequested : ReadingOnTick);
    }

    private void ReadingOnTick(object message)
    {
        if (message is ReadNow)
            Become(ReadingRequested);
        else
            Reading(message, requested: false);
    }

    private void ReadingRequested(object message) => Reading(message, requested: true);

    private void Reading(object message, bool requested)
    {
        switch (message)
        {
            case Tick or ReadNow:
                // Joins the read under way (a ReadNow here has already marked it requested).
                break;
            case ReadCompleted completed:
                _lastGood = completed.Stamp;
                Context.Parent.Tell(completed.Allocations is null
                    ? new Unchanged(requested)
                    : new Loaded(completed.Allocations, requested));
                Become(OnReceive);
                break;
            case ReadFailed failed:
                // The next read must read the file again, whatever its stamp.
                _lastGood = null;
                Context.Parent.Tell(new Failed(failed.Error, requested));
                Become(OnReceive);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
