using Akka.Actor;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Supervision;

/// <summary>
/// Reads the registry files (<c>pods.json</c> and <c>workers.json</c>, <see cref="FleetRegistry"/>) for its parent: on
/// every period of its own timer, and on <see cref="ReadNow"/>. The read (flock and file I/O, which block) runs off the
/// actor's thread and comes back as a message; at most one is under way, a tick meanwhile is dropped and a
/// <see cref="ReadNow"/> joins it. Unchanged files — the common case, every period — are not locked, read or parsed
/// again. Each read ends in one <see cref="Report"/> to the parent.
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

    /// <summary>A fresh read. A file that could not be read is one of <see cref="RegistrySnapshot.Errors"/>, its rows
    /// those of its last good read.</summary>
    public sealed record Loaded(RegistrySnapshot Snapshot, bool Requested) : Report(Requested)
    {
        public IReadOnlyList<PodAllocation> Allocations => Snapshot.Allocations;

        /// <summary>Null when every file was read, else each unreadable file's error (each names its file).</summary>
        public string? Error => Snapshot.Errors.Count == 0 ? null : string.Join("; ", Snapshot.Errors);
    }

    /// <summary>Both files are as they were at the last read without errors.</summary>
    public sealed record Unchanged(bool Requested) : Report(Requested);

    /// <summary>The read itself broke (not a file's content or type, which are <see cref="Loaded"/> with errors).</summary>
    public sealed record Failed(string Error, bool Requested) : Report(Requested);

    private sealed record Tick : Akka.Event.IDeadLetterSuppression
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record ReadCompleted(RegistrySnapshot? Snapshot, RegistryStamps Stamps);

    private sealed record ReadFailed(string Error);

    /// <summary>What tells a rewrite of a registry file apart without reading it: writers rewrite it in place, which
    /// moves its modification time.</summary>
    private readonly record struct RegistryStamp(bool Exists, DateTime Modified, long Length)
    {
        public static RegistryStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new RegistryStamp(true, info.LastWriteTimeUtc, info.Length) : default;
        }
    }

    private readonly record struct RegistryStamps(RegistryStamp Pods, RegistryStamp Workers)
    {
        public static RegistryStamps In(string runtimeDir) => new(
            RegistryStamp.Of(PodRegistry.PathIn(runtimeDir, RegistryFlavor.Pods)),
            RegistryStamp.Of(PodRegistry.PathIn(runtimeDir, RegistryFlavor.Workers)));
    }

    private readonly string _runtimeDir;
    private readonly RegistryOptions _options;
    private readonly TimeSpan _period;
    private RegistryStamps? _lastGood;
    // The last read: a file that cannot be read next time keeps its rows from it.
    private RegistrySnapshot? _last;
    private Timer? _timer;
    // Held back for the registry's opens when the process runs out of descriptors; released in PostStop.
    private RegistryFdReserve? _reserve;

    public RegistryPoller(string runtimeDir, TimeSpan lockTimeout, TimeSpan period)
    {
        _runtimeDir = runtimeDir;
        _options = RegistryOptions.Default with { LockTimeout = lockTimeout };
        _period = period;
    }

    public static Props Props(string runtimeDir, TimeSpan lockTimeout, TimeSpan period) =>
        ActorFactory.Props(() => new RegistryPoller(runtimeDir, lockTimeout, period));

    protected override void PreStart()
    {
        // A runtime timer rather than the actor scheduler, whose tick can then be coarse (see SupervisorSystemConfig).
        // Due at once: the first read starts with the poller.
        _reserve = new RegistryFdReserve();
        var self = Self;
        _timer = new Timer(_ => self.Tell(Tick.Instance), null, TimeSpan.Zero, _period);
    }

    protected override void PostStop()
    {
        _timer?.Dispose();
        // A read still under way opens without it from now on.
        _reserve?.Dispose();
    }

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
        var runtimeDir = _runtimeDir;
        var options = _options;
        var lastGood = _lastGood;
        var last = _last;
        var reserve = _reserve;
        Task.Run(object () =>
            {
                var stamps = RegistryStamps.In(runtimeDir);
                return new ReadCompleted(stamps == lastGood ? null : FleetRegistry.Read(runtimeDir, options, last, reserve), stamps);
            })
            .PipeTo(Self, failure: e => new ReadFailed($"cannot read the registry in {runtimeDir}: {e.Message}"));
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
            case ReadCompleted { Snapshot: null }:
                Context.Parent.Tell(new Unchanged(requested));
                Become(OnReceive);
                break;
            case ReadCompleted { Snapshot: { } snapshot } completed:
                _last = snapshot;
                // A file that could not be read is read again next time, whatever its stamp.
                _lastGood = snapshot.Errors.Count == 0 ? completed.Stamps : null;
                Context.Parent.Tell(new Loaded(snapshot, requested));
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
