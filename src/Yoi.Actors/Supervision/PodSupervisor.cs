using Akka.Actor;
using Yoi.Actors.Mailboxes;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;
using Yoi.Actors.Sessions;

namespace Yoi.Actors.Supervision;

/// <summary>
/// The fleet. Its <see cref="RegistryPoller"/> child reads the registry (<c>pods.json</c> and <c>workers.json</c>) every period; after each read the supervisor
/// probes every registered pod with at most one probe in flight per pod (an overrun is counted, not queued); it keeps
/// per-pod state (<see cref="HealthRules"/>), answers <see cref="Fleet"/> requests and publishes changes. Until the first
/// read it only waits for it (requests are stashed), so no request meets a fleet that was not read yet. Probes and
/// sessions are its children, each owning its own connection: I/O failures come back as data, a crashed child is
/// stopped (never restarted), and a restart of this actor stops every child — closing every socket — before the new
/// instance rebuilds its view from the registry. A name in both files is two rows, each of its own file and dialect;
/// a request by that bare name is refused, naming both (<c>pod:NAME</c>, <c>worker:NAME</c>), as it cannot choose.
/// </summary>
public sealed partial class PodSupervisor : UntypedActor, IWithUnboundedStash
{
    public const string DefaultName = "supervisor";

    private sealed class PodEntry(PodAllocation allocation, PodState state)
    {
        public PodAllocation Allocation { get; set; } = allocation;
        public PodState State { get; set; } = state;
        public IActorRef? InFlight { get; set; }
        /// <summary>Askers of the probe in flight that this actor answers itself, once it has taken the result in.</summary>
        public List<(IActorRef Asker, bool WithView)> Waiters { get; } = [];
    }

    private readonly SupervisorSettings _settings;
    private readonly HealthRules _rules;
    // Keyed by KeyOf(flavor, name): a name may be in both files.
    private readonly Dictionary<string, PodEntry> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _sessions = [];
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly FleetCycles<IActorRef> _cycles = new();
    private IActorRef _poller = ActorRefs.Nobody;
    // ProbeAll askers waiting for a registry read: the first one, or (once serving) the one a ReadNow asked for — at
    // most one ReadNow is outstanding, so the next requested report is the one that answers them.
    private List<IActorRef>? _readWaiters;
    private string? _registryError;
    private long _childSeq;

    public PodSupervisor(SupervisorSettings settings)
    {
        _settings = settings;
        _rules = HealthRules.From(settings);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(SupervisorSettings settings) => ActorFactory.Props(() => new PodSupervisor(settings));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        _poller = Context.ActorOf(RegistryPoller.Props(_settings.RuntimeDir, _settings.RegistryLockTimeout, _settings.Period), "registry");
        Context.Watch(_poller);
        StartManaged();
    }

    // The first state: waiting for the first registry read, which the poller starts at once.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RegistryPoller.Report report:
                OnRegistryRead(report, TakeReadWaiters());
                Become(Serving);
                Stash.UnstashAll();
                break;
            case Fleet.ProbeAll:
                // Joins the first read's cycle.
                (_readWaiters ??= []).Add(Sender);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_poller):
                PollerStopped();
                break;
            default:
                // Every other request is about the fleet, which is not known yet.
                Stash.Stash();
                break;
        }
    }

    private void Serving(object message)
    {
        switch (message)
        {
            case RegistryPoller.Report report:
                OnRegistryRead(report, report.Requested ? TakeReadWaiters() : []);
                break;
            case Fleet.ProbeAll:
                // A cycle under way (its probes went out at most a probe deadline ago) is as fresh as a new one would
                // be: joining it spares every pod a second connection (a one-shot `status` otherwise probes twice).
                if (_readWaiters is null && _cycles.TryJoin(Sender))
                    break;
                if (_readWaiters is null)
                {
                    _readWaiters = [];
                    _poller.Tell(RegistryPoller.ReadNow.Instance);
                }

                _readWaiters.Add(Sender);
                break;
            case ProbeResult result:
                OnProbeResult(result);
                break;
            case Fleet.ProbePod probe:
                OnProbePod(probe);
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
            case Terminated terminated when terminated.ActorRef.Equals(_poller):
                PollerStopped();
                break;
            case var managed when OnManagedMessage(managed):
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

    // Only a bug stops the poller; without it the view would silently age, so start over from the registry.
    private static void PollerStopped() => throw new InvalidOperationException("the registry poller stopped");

    private List<IActorRef> TakeReadWaiters()
    {
        var waiters = _readWaiters ?? [];
        _readWaiters = null;
        return waiters;
    }

    private void OnRegistryRead(RegistryPoller.Report report, IReadOnlyList<IActorRef> waiters)
    {
        switch (report)
        {
            case RegistryPoller.Loaded loaded:
                // Each unreadable file's rows are its last good ones; the error names the file.
                _registryError = loaded.Error;
                ApplyRegistry(loaded.Allocations);
                break;
            case RegistryPoller.Failed failed:
                // Keep the last good view and say why it may be out of date.
                _registryError = failed.Error;
                break;
        }

        ProbeEveryPod(waiters);
    }

    private void ApplyRegistry(IReadOnlyList<PodAllocation> allocations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var inBoth = new HashSet<string>(StringComparer.Ordinal);
        foreach (var allocation in allocations)
        {
            if (!names.Add(allocation.PodName))
                inBoth.Add(allocation.PodName);
        }

        foreach (var allocation in allocations)
        {
            var key = KeyOf(allocation);
            if (!seen.Add(key))
                continue;
            var both = inBoth.Contains(allocation.PodName);
            if (_pods.TryGetValue(key, out var entry))
            {
                entry.Allocation = allocation;
                if (entry.State.Socket != allocation.Socket || entry.State.Pid != allocation.Pid || entry.State.NameInBothFiles != both)
                    entry.State = entry.State with { Socket = allocation.Socket, Pid = allocation.Pid, NameInBothFiles = both };
                continue;
            }

            entry = new PodEntry(allocation, HealthRules.Unprobed(allocation, DateTimeOffset.UtcNow) with
            {
                Dialect = allocation.Flavor == RegistryFlavor.Workers ? Dialect.Worker : Dialect.Pod,
                NameInBothFiles = both,
                Managed = ManagedStatusOf(allocation.PodName, allocation.Flavor),
            });
            _pods.Add(key, entry);
            Publish(new Fleet.PodAppeared(allocation.PodName, entry.State));
        }

        foreach (var gone in _pods.Keys.Where(key => !seen.Contains(key)).ToList())
        {
            var entry = _pods[gone];
            var name = entry.Allocation.PodName;
            _pods.Remove(gone);
            foreach (var (asker, _) in entry.Waiters)
                asker.Tell(new Fleet.UnknownPod(name, "the pod left the registry"));
            _cycles.Forget(gone);
            Publish(new Fleet.PodDisappeared(name));
        }
    }

    private void ProbeEveryPod(IReadOnlyList<IActorRef> waiters)
    {
        _cycles.Start(_pods.Keys, waiters);
        foreach (var entry in _pods.Values)
        {
            if (entry.InFlight is not null)
                entry.State = entry.State with { Overruns = entry.State.Overruns + 1 };
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

    private void OnProbePod(Fleet.ProbePod probe)
    {
        if (Resolve(probe.PodName, out var refusal) is not { } entry)
        {
            Sender.Tell(new Fleet.UnknownPod(probe.PodName, refusal));
            return;
        }

        if (entry.InFlight is null && !probe.WithView)
        {
            StartProbe(entry, Sender); // the probe answers the asker itself, as soon as it knows
            return;
        }

        entry.Waiters.Add((Sender, probe.WithView));
        if (entry.InFlight is null)
            StartProbe(entry);
    }

    private void OnProbeResult(ProbeResult result)
    {
        // A name in both files has a probe per row: the one in flight from this sender is the row answered.
        var key = KeyOf(RegistryFlavor.Pods, result.Pod);
        if (!_pods.TryGetValue(key, out var entry) || !Sender.Equals(entry.InFlight))
        {
            key = KeyOf(RegistryFlavor.Workers, result.Pod);
            if (!_pods.TryGetValue(key, out entry) || !Sender.Equals(entry.InFlight))
                return;
        }

        entry.InFlight = null;
        Diagnostics.SupervisorMetrics.RecordProbe(result.Outcome, result.Latency);
        var (state, changes) = _rules.Apply(entry.State, result);
        if (result.Dialect is { } greeted && greeted != state.GreetedDialect)
            state = state with { GreetedDialect = greeted };
        entry.State = state;
        foreach (var change in changes)
            Publish(change);

        _cycles.Record(result, key);
        CompleteCycles();
        ForwardForLiveness(result, entry);

        Fleet.View? view = null;
        foreach (var (asker, withView) in entry.Waiters)
            asker.Tell(withView ? new Fleet.PodProbed(result, view ??= BuildView()) : result);
        entry.Waiters.Clear();
    }

    private void CompleteCycles()
    {
        while (_cycles.TryTakeCompleted(out var waiters, out var results))
        {
            if (Diagnostics.SupervisorMetrics.FleetObserved)
                Diagnostics.SupervisorMetrics.PublishFleet(_pods.Values.Select(p => p.State), OpenConnections, _sessions.Count, _subscribers.Count);
            if (waiters.Count == 0 && _subscribers.Count == 0)
                continue;
            var view = BuildView();
            var completed = new Fleet.CycleCompleted(results, view.At, _registryError, view);
            foreach (var waiter in waiters)
                waiter.Tell(completed);
            if (_subscribers.Count > 0)
                Publish(new Fleet.CycleFinished(view));
        }
    }

    private void OnAttach(Fleet.Attach attach)
    {
        if (Resolve(attach.PodName, out var refusal) is not { } entry)
        {
            Sender.Tell(new Fleet.AttachFailed(attach.PodName, refusal));
            return;
        }

        // A stale entry's socket may still refuse or even accept (a recycled path): its process is the real cause.
        if (!ProcessLiveness.IsAlive(entry.Allocation.Pid))
        {
            Sender.Tell(new Fleet.AttachFailed(attach.PodName, $"pid {entry.Allocation.Pid} is not running (a stale registry entry)"));
            return;
        }

        // One session (and connection) per attach: a session may stop the moment its last subscriber leaves, so
        // sharing one across attaches would race with that stop.
        var session = StartSession(entry, attach.Subscriber);
        Sender.Tell(new Fleet.Attached(attach.PodName, session));
    }

    private void OnSendMethod(Fleet.SendMethod send)
    {
        if (Resolve(send.PodName, out var refusal) is not { } entry)
        {
            Sender.Tell(new Fleet.UnknownPod(send.PodName, refusal, send.CorrelationId));
            return;
        }

        // A method with no equivalent in the pod's dialect is refused before any connection is made.
        if (PodSession.SendFailed.Refusal(entry.Allocation.PodName, send.Method, entry.State.SpokenDialect, send.CorrelationId) is { } mismatch)
        {
            Sender.Tell(mismatch);
            return;
        }

        // A session with no subscriber ends right after the acknowledgement: a one-shot connection.
        StartSession(entry, firstSend: (send.Method, Sender, send.CorrelationId));
    }

    // The subscriber and the send are given at creation, never told afterwards: a session can end (a refused connect)
    // before a later message would reach it.
    private IActorRef StartSession(PodEntry entry, IActorRef? subscriber = null, (Method, IActorRef, object?)? firstSend = null)
    {
        var props = PodSessionActor.Props(entry.Allocation.PodName, entry.Allocation.Socket, _settings.MaxLineBytes, subscriber, firstSend,
            _settings.MaxBacklogBytes, entry.State.SpokenDialect);
        var session = Context.ActorOf(LeanMailbox.For(Context.System, props), ChildName("session", entry.Allocation.PodName));
        Context.Watch(session);
        _sessions.Add(session);
        return session;
    }

    private static string KeyOf(PodAllocation allocation) => KeyOf(allocation.Flavor, allocation.PodName);

    // A '/' is in no name, so a workers.json key never equals a pods.json one.
    private static string KeyOf(RegistryFlavor flavor, string name) => flavor == RegistryFlavor.Workers ? "workers/" + name : name;

    /// <summary>The row <paramref name="requested"/> names: a name in one file, or <c>pod:NAME</c> / <c>worker:NAME</c>
    /// (needed when the name is in both). Null, with why, when none or both.</summary>
    private PodEntry? Resolve(string requested, out string refusal)
    {
        refusal = "";
        var pod = _pods.GetValueOrDefault(KeyOf(RegistryFlavor.Pods, requested));
        var worker = _pods.GetValueOrDefault(KeyOf(RegistryFlavor.Workers, requested));
        if (pod is not null && worker is not null)
        {
            var shown = PodNames.Escape(requested);
            refusal = $"the name '{shown}' is in both pods.json and workers.json: say pod:{shown} or worker:{shown}";
            return null;
        }

        if ((pod ?? worker) is { } found)
            return found;
        foreach (var flavor in RegistryFlavors.All)
        {
            var prefix = flavor.Noun + ":";
            if (requested.StartsWith(prefix, StringComparison.Ordinal)
                && _pods.TryGetValue(KeyOf(flavor, requested[prefix.Length..]), out var qualified))
                return qualified;
        }

        refusal = UnknownReason(requested);
        return null;
    }

    private string UnknownReason(string podName) =>
        _registryError is null
            ? $"no pod named '{PodNames.Escape(podName)}' in {_settings.RegistryPath} or {PodRegistry.PathIn(_settings.RuntimeDir, RegistryFlavor.Workers)}"
            : $"no pod named '{PodNames.Escape(podName)}' (the registry is unreadable: {_registryError})";

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
            _pods.Values.Select(p => p.State).Concat(UnregisteredManagedRows())
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Dialect).ToList(),
            DateTimeOffset.UtcNow,
            _registryError,
            OpenConnections,
            _cycles.Completed);
}
