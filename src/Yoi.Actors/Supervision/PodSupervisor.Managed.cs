using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Supervision;

/// <summary>The supervisor's side of the managed pods: its <see cref="ManagedPods"/> child owns them; the supervisor
/// forwards the <see cref="Managed.Managed"/> requests to it, folds every transition into its rows (a managed pod has a
/// row whether or not it is registered) and publishes it as <see cref="Fleet.ProcessStateChanged"/>, and feeds each
/// managed pod's poll-cycle probe results back to it for liveness (no second probe of any pod).</summary>
public sealed partial class PodSupervisor
{
    private sealed class ManagedRow(Dialect dialect)
    {
        public Dialect Dialect { get; set; } = dialect;
        public ManagedPodStatus? Status { get; set; }
    }

    // By name: a managed pod's name is unique among the managed ones, and its dialect says which file its row is in.
    private readonly Dictionary<string, ManagedRow> _managedRows = new(StringComparer.Ordinal);
    private IActorRef _managed = ActorRefs.Nobody;

    private void StartManaged()
    {
        foreach (var spec in _settings.Managed)
            _managedRows[spec.Name] = new ManagedRow(spec.Dialect);
        var timings = ManagedPodTimings.Default with
        {
            ProbeTimeout = _settings.ProbeTimeout,
            MaxLineBytes = _settings.MaxLineBytes,
            Subreaper = _settings.ManagedSubreaper,
        };
        _managed = Context.ActorOf(ManagedPods.Props(_settings.Managed, _settings.RuntimeDir, timings), ManagedPods.DefaultName);
        Context.Watch(_managed);
    }

    /// <summary>Whether <paramref name="message"/> was one of the managed pods' (handled here).</summary>
    private bool OnManagedMessage(object message)
    {
        switch (message)
        {
            case Managed.Managed.Start or Managed.Managed.Stop or Managed.Managed.Restart or Managed.Managed.GetStates or Managed.Managed.StopAll:
                _managed.Forward(message);
                return true;
            case Managed.Managed.Reload reload:
                foreach (var spec in reload.Pods)
                {
                    if (_managedRows.TryGetValue(spec.Name, out var row))
                        row.Dialect = spec.Dialect;
                    else
                        _managedRows[spec.Name] = new ManagedRow(spec.Dialect);
                }

                _managed.Forward(message);
                return true;
            case Managed.Managed.ProcessStateChanged changed:
                OnProcessStateChanged(changed);
                return true;
            case Managed.Managed.Removed removed:
                if (_managedRows.Remove(removed.Name, out var gone))
                {
                    // A registered row stays (unmanaged now); a row that was only the managed pod's goes.
                    if (EntryOf(removed.Name, gone.Dialect) is { } entry)
                        entry.State = entry.State with { Managed = null };
                    else if (gone.Status is not null)
                        Publish(new Fleet.PodDisappeared(removed.Name));
                }

                return true;
            case Terminated terminated when terminated.ActorRef.Equals(_managed):
                // Only a bug stops it (its PostStop has killed every pod): start over, adopting nothing, spawning afresh.
                throw new InvalidOperationException("the managed pods' parent stopped");
            default:
                return false;
        }
    }

    private void OnProcessStateChanged(Managed.Managed.ProcessStateChanged changed)
    {
        if (!_managedRows.TryGetValue(changed.Name, out var row))
            _managedRows[changed.Name] = row = new ManagedRow(Dialect.Pod);
        row.Status = changed.Status;
        PodState state;
        if (EntryOf(changed.Name, row.Dialect) is { } entry)
            state = entry.State = entry.State with { Managed = changed.Status };
        else
            state = UnregisteredRow(changed.Name, row);
        Publish(new Fleet.ProcessStateChanged(changed.Name, changed, state));
    }

    /// <summary>A managed pod's probe result from the poll cycle, for its liveness.</summary>
    private void ForwardForLiveness(ProbeResult result, PodEntry entry)
    {
        if (entry.State.Managed is not null)
            _managed.Tell(new ManagedPods.Probed(result));
    }

    /// <summary>A new registry row of a managed pod carries its process from the start.</summary>
    private ManagedPodStatus? ManagedStatusOf(string name, RegistryFlavor flavor) =>
        _managedRows.TryGetValue(name, out var row) && FlavorOf(row.Dialect) == flavor ? row.Status : null;

    /// <summary>The rows of managed pods that are not in the registry (never registered, or gone from it).</summary>
    private IEnumerable<PodState> UnregisteredManagedRows() =>
        _managedRows.Where(kv => kv.Value.Status is not null && EntryOf(kv.Key, kv.Value.Dialect) is null)
            .Select(kv => UnregisteredRow(kv.Key, kv.Value));

    private static PodState UnregisteredRow(string name, ManagedRow row) =>
        new(name, "", row.Status?.Pid ?? 0, null, 0, 0, false, DateTimeOffset.UtcNow, [], 0, 0)
        {
            Dialect = row.Dialect,
            Managed = row.Status,
        };

    private PodEntry? EntryOf(string name, Dialect dialect) => _pods.GetValueOrDefault(KeyOf(FlavorOf(dialect), name));

    private static RegistryFlavor FlavorOf(Dialect dialect) => dialect == Dialect.Worker ? RegistryFlavor.Workers : RegistryFlavor.Pods;
}
