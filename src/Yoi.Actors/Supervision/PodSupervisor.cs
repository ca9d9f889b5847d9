using Akka.Actor;
using Yoi.Actors.Mailboxes;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;
using Yoi.Actors.Sessions;

namespace Yoi.Actors.Supervision;

/// <summary>
/// The fleet. On every period it re-reads the registry and probes each registered pod with at most one probe in flight
/// per pod (an overrun is counted, not queued); it keeps per-pod state, answers <see cref="Fleet"/> requests and
/// publishes changes. Probes and sessions are its children, each owning its own connection: I/O failures come back as
/// data, a crashed child is stopped (never restarted), and a restart of this actor stops every child — closing every
/// socket — before the new instance rebuilds its view from the registry.
/// </summary>
public sealed class PodSupervisor : UntypedActor, IWithUnboundedStash
{
    public const string DefaultName = "supervisor";

    private sealed record Tick : Akka.Event.IDeadLetterSuppression
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record RegistryLoaded(IReadOnlyList<PodAllocation> Allocations, RegistryStamp Stamp);

    private sealed record RegistryUnchanged
    {
        public static RegistryUnchanged Instance { get; } = new();
    }

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

    private sealed record RegistryFailed(string Error);

    private sealed class PodEntry(PodAllocation allocation)
    {
        public PodAllocation Allocation { get; set; } = allocation;
        public ProbeResult? Last { get; set; }
        public int Failures { get; set; }
        public int Successes { get; set; }
        public bool Healthy { get; set; }
        public DateTimeOffset LastChange { get; set; } = DateTimeOffset.UtcNow;
        public Queue<TimeSpan> Latencies { get; } = new();
        public long Probes { get; set; }
        public long Overruns { get; set; }
        public IActorRef? InFlight { get; set; }
        public List<IActorRef> Waiters { get; } = [];
    }

    private sealed class Cycle(List<IActorRef> waiters, HashSet<string> pending)
    {
        public List<IActorRef> Waiters { get; } = waiters;
        public HashSet<string> Pending { get; } = pending;
        public List<ProbeResult> Results { get; } = [];
    }

    private readonly SupervisorSettings _settings;
    private readonly Dictionary<string, PodEntry> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _sessions = [];
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly List<Cycle> _cycles = [];
    private List<IActorRef>? _readWaiters;
    private string? _registryError;
    private RegistryStamp? _lastStamp;
    private Timer? _poll;
    private long _cycleCount;
    private long _childSeq;

    public PodSupervisor(SupervisorSettings settings) => _settings = settings;


    public IStash Stash { get; set; } = null!;

    // Requests that name a pod wait for the first registry read, so "unknown pod" never means "not read yet".
    private bool _registryRead;

    public static Props Props(SupervisorSettings settings) => ActorFactory.Props(() => new PodSupervisor(settings));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        // A runtime timer rather than the actor scheduler, whose tick can then be coarse (see SupervisorSystemConfig).
        var self = Self;
        _poll = new Timer(_ => self.Tell(Tick.Instance), null, TimeSpan.Zero, _settings.Period);
    }

    protected override void PostStop() => _poll?.Dispose();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Tick:
                StartCycle(null);
                break;
            case Fleet.ProbeAll:
                StartCycle(Sender);
                break;
            case RegistryLoaded loaded:
                _registryError = null;
                _lastStamp = loaded.Stamp;
                ApplyRegistry(loaded.Allocations);
                ProbeEveryPod();
                OnRegistryRead();
                break;
            case RegistryUnchanged:
                ProbeEveryPod();
                OnRegistryRead();
                break;
            case RegistryFailed failed:
                // Keep the last good view and say why it may be out of date.
                _registryError = failed.Error;
                _lastStamp = null;
                ProbeEveryPod();
                OnRegistryRead();
                break;
            case Fleet.ProbePod or Fleet.Attach or Fleet.SendMethod when !_registryRead:
                Stash.Stash();
                break;
            case ProbeResult result:
                OnProbeResult(result);
                break;
            case Fleet.ProbePod probe:
                OnProbePod(probe.PodName);
                break;
            case Fleet.GetView:
                Sender.Tell(BuildView());
                break;
            case Fleet.Attach attach:
                OnAttach(attach);
                break;
            case Fleet.SendMethod send:
                OnSendMethod(send);
                break;
            case Fleet.Subscribe subscribe:
                if (_subscribers.Add(subscribe.Subscriber))
                    Context.Watch(subscribe.Subscriber);
                Sender.Tell(BuildView());
                break;
            case Fleet.Unsubscribe unsubscribe:
                if (_subscribers.Remove(unsubscribe.Subscriber))
                    Context.Unwatch(unsubscribe.Subscriber);
                break;
            case Terminated terminated:
                _sessions.Remove(terminated.ActorRef);
                _subscribers.Remove(terminated.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnRegistryRead()
    {
        if (_registryRead)
            return;
        _registryRead = true;
        Stash.UnstashAll();
    }

    private void StartCycle(IActorRef? waiter)
    {
        if (_readWaiters is not null)
        {
            // A read is under way: this request joins the cycle it starts.
            if (waiter is not null)
                _readWaiters.Add(waiter);
            return;
        }

        _readWaiters = waiter is null ? [] : [waiter];
        var path = _settings.RegistryPath;
        var lockTimeout = _settings.RegistryLockTimeout;
        var last = _lastStamp;
        // flock and file I/O block: keep them off the actor's thread, and bring the outcome back as a message. An
        // unchanged file (the common case, every period) is not locked, read or parsed again.
        Task.Run(object () =>
            {
                var stamp = RegistryStamp.Of(path);
                return stamp == last ? RegistryUnchanged.Instance : new RegistryLoaded(PodRegistry.Read(path, lockTimeout), stamp);
            })
            .PipeTo(
                Self,
                failure: e => new RegistryFailed(e is RegistryException ? e.Message : $"cannot read {path}: {e.Message}"));
    }

    private void ApplyRegistry(IReadOnlyList<PodAllocation> allocations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var allocation in allocations)
        {
            if (!seen.Add(allocation.PodName))
                continue;
            if (_pods.TryGetValue(allocation.PodName, out var entry))
            {
                entry.Allocation = allocation;
                continue;
            }

            entry = new PodEntry(allocation);
            _pods.Add(allocation.PodName, entry);
            Publish(new Fleet.PodAppeared(allocation.PodName, Snapshot(entry)));
        }

        foreach (var gone in _pods.Keys.Where(name => !seen.Contains(name)).ToList())
        {
            var entry = _pods[gone];
            _pods.Remove(gone);
            foreach (var waiter in entry.Waiters)
                waiter.Tell(new Fleet.UnknownPod(gone, "the pod left the registry"));
            foreach (var cycle in _cycles)
                cycle.Pending.Remove(gone);
            Publish(new Fleet.PodDisappeared(gone));
        }
    }

    private void ProbeEveryPod()
    {
        var cycle = new Cycle(_readWaiters ?? [], new HashSet<string>(_pods.Keys, StringComparer.Ordinal));
        _readWaiters = null;
        _cycles.Add(cycle);
        foreach (var entry in _pods.Values)
        {
            if (entry.InFlight is not null)
                entry.Overruns++;
            else
                StartProbe(entry);
        }

        CompleteCycles();
    }

    private void StartProbe(PodEntry entry, IActorRef? asker = null)
    {
        var name = ChildName("probe", entry.Allocation.PodName);
        // The probe answers this actor only once its socket is closed, so a completed cycle leaves no socket open.
        entry.InFlight = Context.ActorOf(
            LeanMailbox.For(Context.System, ProbeActor.Props(entry.Allocation, Self, _settings.ProbeTimeout, _settings.MaxLineBytes, asker)),
            name);
    }

    private void OnProbePod(string podName)
    {
        if (!_pods.TryGetValue(podName, out var entry))
        {
            Sender.Tell(new Fleet.UnknownPod(podName, UnknownReason(podName)));
            return;
        }

        if (entry.InFlight is null)
            StartProbe(entry, Sender); // the probe answers the asker itself, as soon as it knows
        else
            entry.Waiters.Add(Sender);
    }

    private void OnProbeResult(ProbeResult result)
    {
        if (!_pods.TryGetValue(result.Pod, out var entry) || !Sender.Equals(entry.InFlight))
            return;
        entry.InFlight = null;
        entry.Probes++;
        var previous = entry.Last;
        entry.Last = result;

        if (result.Outcome == ProbeOutcome.Ok)
        {
            entry.Successes++;
            entry.Failures = 0;
            if (!entry.Healthy && entry.Successes >= _settings.SuccessThreshold)
                entry.Healthy = true;
        }
        else
        {
            entry.Failures++;
            entry.Successes = 0;
            if (entry.Healthy && entry.Failures >= _settings.FailureThreshold)
                entry.Healthy = false;
        }

        if (result.Outcome != ProbeOutcome.Stale)
        {
            entry.Latencies.Enqueue(result.Latency);
            while (entry.Latencies.Count > _settings.LatencyHistory)
                entry.Latencies.Dequeue();
        }

        var statusChanged = previous?.Status != result.Status;
        var reachabilityChanged = previous is null || previous.Reachable != result.Reachable || previous.Outcome != result.Outcome;
        if (statusChanged || reachabilityChanged)
            entry.LastChange = result.At;

        if (statusChanged || reachabilityChanged)
        {
            var state = Snapshot(entry);
            if (reachabilityChanged)
                Publish(new Fleet.ReachabilityChanged(result.Pod, result.Reachable, result.Outcome, state));
            if (statusChanged)
                Publish(new Fleet.StatusChanged(result.Pod, previous?.Status, result.Status, state));
        }

        foreach (var waiter in entry.Waiters)
            waiter.Tell(result);
        entry.Waiters.Clear();

        foreach (var cycle in _cycles)
        {
            if (cycle.Pending.Remove(result.Pod))
                cycle.Results.Add(result);
        }

        CompleteCycles();
    }

    private void CompleteCycles()
    {
        for (var i = 0; i < _cycles.Count; i++)
        {
            var cycle = _cycles[i];
            if (cycle.Pending.Count > 0)
                continue;
            _cycles.RemoveAt(i--);
            _cycleCount++;
            var completed = new Fleet.CycleCompleted(
                cycle.Results.OrderBy(r => r.Pod, StringComparer.Ordinal).ToList(), DateTimeOffset.UtcNow, _registryError);
            foreach (var waiter in cycle.Waiters)
                waiter.Tell(completed);
            if (_subscribers.Count > 0)
                Publish(new Fleet.CycleFinished(BuildView()));
        }
    }

    private void OnAttach(Fleet.Attach attach)
    {
        if (!_pods.TryGetValue(attach.PodName, out var entry))
        {
            Sender.Tell(new Fleet.AttachFailed(attach.PodName, UnknownReason(attach.PodName)));
            return;
        }

        // One session (and connection) per attach: a session may stop the moment its last subscriber leaves, so
        // sharing one across attaches would race with that stop.
        var session = StartSession(entry, attach.Subscriber);
        Sender.Tell(new Fleet.Attached(attach.PodName, session));
    }

    private void OnSendMethod(Fleet.SendMethod send)
    {
        if (!_pods.TryGetValue(send.PodName, out var entry))
        {
            Sender.Tell(new Fleet.UnknownPod(send.PodName, UnknownReason(send.PodName)));
            return;
        }

        // A session with no subscriber ends right after the acknowledgement: a one-shot connection.
        StartSession(entry, firstSend: (send.Method, Sender));
    }

    // The subscriber and the send are given at creation, never told afterwards: a session can end (a refused connect)
    // before a later message would reach it.
    private IActorRef StartSession(PodEntry entry, IActorRef? subscriber = null, (Method, IActorRef)? firstSend = null)
    {
        var props = PodSessionActor.Props(entry.Allocation.PodName, entry.Allocation.Socket, _settings.MaxLineBytes, subscriber, firstSend);
        var session = Context.ActorOf(LeanMailbox.For(Context.System, props), ChildName("session", entry.Allocation.PodName));
        Context.Watch(session);
        _sessions.Add(session);
        return session;
    }

    private string UnknownReason(string podName) =>
        _registryError is null
            ? $"no pod named '{podName}' in {_settings.RegistryPath}"
            : $"no pod named '{podName}' (the registry is unreadable: {_registryError})";

    private string ChildName(string kind, string podName)
    {
        var name = $"{kind}-{podName}-{++_childSeq}";
        return ActorPath.IsValidPathElement(name) ? name : $"{kind}-{_childSeq}";
    }

    private void Publish(Fleet.Change change)
    {
        foreach (var subscriber in _subscribers)
            subscriber.Tell(change);
    }

    private int OpenConnections => _sessions.Count + _pods.Values.Count(p => p.InFlight is not null);

    private Fleet.View BuildView() =>
        new(
            _pods.Values.Select(Snapshot).OrderBy(p => p.Name, StringComparer.Ordinal).ToList(),
            DateTimeOffset.UtcNow,
            _registryError,
            OpenConnections,
            _cycleCount);

    private static PodState Snapshot(PodEntry entry) =>
        new(
            entry.Allocation.PodName,
            entry.Allocation.Socket,
            entry.Allocation.Pid,
            entry.Last,
            entry.Failures,
            entry.Successes,
            entry.Healthy,
            entry.LastChange,
            entry.Latencies.ToArray(),
            entry.Probes,
            entry.Overruns);
}
