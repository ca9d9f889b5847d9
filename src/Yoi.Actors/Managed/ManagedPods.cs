using Akka.Actor;
using Akka.Event;
using Yoi.Actors.Managed.Logs;
using Yoi.Actors.Managed.Native;

namespace Yoi.Actors.Managed;

/// <summary>
/// The parent of the managed pods (a child of the supervisor): one <see cref="ManagedPodActor"/> per configured pod.
/// It routes <see cref="Managed"/> requests by name, answers <see cref="Managed.GetStates"/> from the last status each
/// pod reported, applies <see cref="Managed.Reload"/> (added, removed, changed by spec equality — a changed pod's new
/// owner starts only after the old one has ended, so two copies never run), forwards every transition to its parent,
/// and on shutdown stops or detaches each pod per its <c>on_exit</c>. It owns the <see cref="ExitWatcher"/> and the
/// <see cref="LogWatch"/> (created with the first pod) that every pod's pidfd and log files are registered with, and,
/// with <see cref="ManagedPodTimings.Subreaper"/>, a lease of the <see cref="OrphanReaper"/>; its PostStop, after
/// every child has ended, disposes them.
/// </summary>
public sealed class ManagedPods : UntypedActor
{
    /// <summary>A probe result of a row of the supervisor's view that may be a managed pod (see <see cref="ManagedPod.Liveness"/>).</summary>
    public sealed record Probed(Probing.ProbeResult Result);

    private sealed record ShutdownFinished(IActorRef Asker);

    private sealed class Entry(ManagedPodSpec spec, IActorRef owner)
    {
        public ManagedPodSpec Spec { get; set; } = spec;
        public IActorRef Owner { get; set; } = owner;
        /// <summary>A reload changed it: the new spec waits for the old owner to end.</summary>
        public ManagedPodSpec? Pending { get; set; }
        /// <summary>A reload removed it: its owner is stopping the process and will end.</summary>
        public bool Retiring { get; set; }
        public ManagedPodStatus Status { get; set; } = null!;
    }

    public const string DefaultName = "managed";

    private readonly string _runtimeDir;
    private readonly ManagedPodTimings _timings;
    private readonly IReadOnlyList<ManagedPodSpec> _initial;
    private readonly Dictionary<string, Entry> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _owners = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Cancelled when this actor ends: a coordinated shutdown that comes later does not wait for an answer.
    private readonly CancellationTokenSource _ended = new();
    private ExitWatcher? _watcher;
    private LogWatch? _logWatch;
    private IDisposable? _reaper;
    private long _seq;
    // Set once StopAll began: requests are refused, and owners that end are not replaced.
    private bool _shuttingDown;
    private List<IActorRef>? _shutdownAskers;
    private readonly HashSet<string> _shutdownPending = new(StringComparer.Ordinal);
    private readonly List<string> _stopped = [];
    private readonly List<string> _kept = [];

    public ManagedPods(IReadOnlyList<ManagedPodSpec> pods, string runtimeDir, ManagedPodTimings timings)
    {
        _initial = pods;
        _runtimeDir = runtimeDir;
        _timings = timings;
    }

    public static Props Props(IReadOnlyList<ManagedPodSpec> pods, string runtimeDir, ManagedPodTimings timings) =>
        ActorFactory.Props(() => new ManagedPods(pods, runtimeDir, timings));

    // An owner that throws is restarted (its PostStop killed its process; the new one spawns afresh), a few times;
    // past that it is stopped and its pod shown fatal.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(3, TimeSpan.FromMinutes(1), _ => Directive.Restart);

    protected override void PreStart()
    {
        if (_timings.Subreaper && OperatingSystem.IsLinux())
        {
            try
            {
                _reaper = OrphanReaper.Acquire();
            }
            catch (IOException e)
            {
                _log.Warning("managed pods: not a child subreaper ({0}); orphans of the pods' groups go to init", e.Message);
            }
        }

        foreach (var spec in _initial)
            Create(spec);
        // Terminating the actor system stops (or keeps) the pods gracefully: PostStop alone could only SIGKILL them.
        var self = Self;
        var ended = _ended.Token;
        var grace = _initial.Select(s => s.StopGrace).DefaultIfEmpty(TimeSpan.Zero).Max();
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-managed-pods", async () =>
        {
            try
            {
                await self.Ask<Managed.AllStopped>(Managed.StopAll.Instance, grace * 1.5 + TimeSpan.FromSeconds(5), ended).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
            {
                // Ended already, or too slow: the owners' PostStop kills whatever is left.
            }

            return Akka.Done.Instance;
        });
    }

    protected override void PostStop()
    {
        _ended.Cancel();
        _watcher?.Dispose();
        _logWatch?.Dispose();
        // Last: the owners have reaped their leaders; the orphans still dying of the groups' SIGKILL are reaped here.
        _reaper?.Dispose();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Managed.Start start:
                Route(start.Name, message);
                break;
            case Managed.Stop stop:
                Route(stop.Name, message);
                break;
            case Managed.Restart restart:
                Route(restart.Name, message);
                break;
            case Managed.GetStates:
                Sender.Tell(new Managed.States(_pods.Values.Select(e => e.Status).OrderBy(s => s.Name, StringComparer.Ordinal).ToList()));
                break;
            case Managed.Reload reload:
                OnReload(reload);
                break;
            case Managed.StopAll:
                OnStopAll();
                break;
            case Probed probed:
                if (_pods.TryGetValue(probed.Result.Pod, out var probedEntry) && !probedEntry.Retiring)
                    probedEntry.Owner.Tell(new ManagedPod.Liveness(probed.Result));
                break;
            case Managed.ProcessStateChanged changed:
                OnChanged(changed);
                break;
            case Managed.Done or Managed.Refused when _shutdownAskers is not null:
                var name = message is Managed.Done d ? d.Name : ((Managed.Refused)message).Name;
                if (_shutdownPending.Remove(name))
                    _stopped.Add(name);
                MaybeFinishShutdown();
                break;
            case ManagedPod.Detached detached when _shutdownAskers is not null:
                if (_shutdownPending.Remove(detached.Name))
                    _kept.Add(detached.Name);
                MaybeFinishShutdown();
                break;
            case Terminated terminated:
                OnOwnerEnded(terminated.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Route(string name, object request)
    {
        if (_shuttingDown)
            Sender.Tell(new Managed.Refused(name, "the supervisor is shutting down"));
        else if (!_pods.TryGetValue(name, out var entry) || entry.Retiring)
            Sender.Tell(new Managed.Refused(name, $"no managed pod named '{Registry.PodNames.Escape(name)}'"));
        else
            entry.Owner.Forward(request);
    }

    private void Create(ManagedPodSpec spec, Entry? reuse = null)
    {
        _watcher ??= new ExitWatcher();
        _logWatch ??= new LogWatch(_timings.LogCheckInterval);
        var childName = $"pod-{spec.Name}-{++_seq}";
        if (!ActorPath.IsValidPathElement(childName))
            childName = $"pod-{_seq}";
        var owner = Context.ActorOf(ManagedPodActor.Props(spec, _runtimeDir, _watcher, _logWatch, _timings), childName);
        Context.Watch(owner);
        _owners[owner] = spec.Name;
        var entry = reuse ?? new Entry(spec, owner);
        entry.Spec = spec;
        entry.Owner = owner;
        entry.Pending = null;
        entry.Retiring = false;
        entry.Status = new ManagedPodStatus(spec.Name, ManagedState.Starting, null, 0, null, entry.Status?.LastExit, null, "starting");
        _pods[spec.Name] = entry;
    }

    private void OnChanged(Managed.ProcessStateChanged changed)
    {
        // Only the current owner of a name speaks for it (a retired owner of a changed pod may still report its stop).
        if (!_owners.TryGetValue(Sender, out var name) || !_pods.TryGetValue(name, out var entry))
            return;
        if (entry.Owner.Equals(Sender))
            entry.Status = changed.Status;
        Context.Parent.Tell(changed);
    }

    private void OnReload(Managed.Reload reload)
    {
        if (_shuttingDown)
        {
            Sender.Tell(new Managed.Reloaded([], [], [], 0));
            return;
        }

        var wanted = new Dictionary<string, ManagedPodSpec>(StringComparer.Ordinal);
        foreach (var spec in reload.Pods)
            wanted[spec.Name] = spec;
        List<string> added = [], removed = [], changed = [];
        var unchanged = 0;
        foreach (var (name, spec) in wanted)
        {
            if (!_pods.TryGetValue(name, out var entry))
            {
                added.Add(name);
                Create(spec);
            }
            else if (entry.Retiring && entry.Pending is null)
            {
                // Removed by an earlier reload and not yet gone: it comes back once its old owner has ended.
                added.Add(name);
                entry.Pending = spec;
            }
            else if (!(entry.Pending ?? entry.Spec).Equals(spec))
            {
                changed.Add(name);
                entry.Pending = spec;
                if (!entry.Retiring)
                {
                    entry.Retiring = true;
                    entry.Owner.Tell(ManagedPod.Retire.Instance);
                }
            }
            else
            {
                unchanged++;
            }
        }

        foreach (var (name, entry) in _pods)
        {
            if (wanted.ContainsKey(name))
                continue;
            if (!entry.Retiring || entry.Pending is not null)
                removed.Add(name);
            entry.Pending = null;
            if (!entry.Retiring)
            {
                entry.Retiring = true;
                entry.Owner.Tell(ManagedPod.Retire.Instance);
            }
        }

        Sender.Tell(new Managed.Reloaded(added, removed, changed, unchanged));
    }

    private void OnOwnerEnded(IActorRef owner)
    {
        if (!_owners.Remove(owner, out var name) || !_pods.TryGetValue(name, out var entry) || !entry.Owner.Equals(owner))
            return;
        if (_shutdownPending.Remove(name))
        {
            _stopped.Add(name);
            MaybeFinishShutdown();
        }

        if (entry.Retiring && entry.Pending is { } next && !_shuttingDown)
        {
            Create(next, entry);
            return;
        }

        if (entry.Retiring || _shuttingDown)
        {
            _pods.Remove(name);
            Context.Parent.Tell(new Managed.Removed(name));
            return;
        }

        // Stopped by its supervision after repeated failures of the actor itself (a bug): say so on its row.
        _log.Error("managed pod {0}: its owner stopped after repeated failures", name);
        var status = entry.Status with { State = ManagedState.Fatal, Pid = null, StartedAt = null, Reason = "its supervisor actor failed repeatedly (see the log)" };
        var from = entry.Status.State;
        entry.Status = status;
        Context.Parent.Tell(new Managed.ProcessStateChanged(name, from, ManagedState.Fatal, null, status.LastExit, status.Reason, status));
    }

    private void OnStopAll()
    {
        (_shutdownAskers ??= []).Add(Sender);
        if (_shuttingDown)
        {
            MaybeFinishShutdown();
            return;
        }

        _shuttingDown = true;
        foreach (var (name, entry) in _pods)
        {
            _shutdownPending.Add(name);
            if (entry.Spec.OnExit == OnExitPolicy.Keep && !entry.Retiring)
                entry.Owner.Tell(ManagedPod.Detach.Instance);
            else
                entry.Owner.Tell(new Managed.Stop(name));
        }

        MaybeFinishShutdown();
    }

    private void MaybeFinishShutdown()
    {
        if (_shutdownAskers is null || _shutdownPending.Count > 0)
            return;
        var reply = new Managed.AllStopped([.. _stopped], [.. _kept]);
        foreach (var asker in _shutdownAskers)
            asker.Tell(reply);
        _shutdownAskers.Clear();
    }
}
