using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Supervision;

namespace Yoi.Host.Output;

/// <summary>Turns the supervisor's messages into <see cref="FleetReport"/>s.</summary>
public static class FleetReports
{
    public static string? StatusWireName(PodStatus? status) => status switch
    {
        null => null,
        PodStatus.Idle => "idle",
        PodStatus.Running => "running",
        PodStatus.Paused => "paused",
        _ => status.ToString()!.ToLowerInvariant(),
    };

    /// <summary>The supervisor's current view.</summary>
    public static FleetReport FromView(Fleet.View view, int openFds) => new(
        view.At,
        view.Pods.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Dialect).Select(FromState).ToList(),
        new SupervisorReport(openFds, view.OpenConnections, view.Cycles, Environment.ProcessId),
        view.RegistryError);

    /// <summary>The results of one probe cycle, completed by what <paramref name="view"/> knows of each pod.</summary>
    /// <param name="wholeFleet">A cycle's results (every managed pod is a row, probed or not), not a probe of one pod.</param>
    public static FleetReport FromResults(IReadOnlyList<ProbeResult> results, DateTimeOffset at, string? registryError, Fleet.View view, int openFds, bool wholeFleet = true)
    {
        // A name in both registry files has two states: the one with the result's socket and pid is its row.
        var states = view.Pods.ToLookup(p => p.Name, StringComparer.Ordinal);
        var pods = results
            .Select(r => FromResult(r, states[r.Pod].FirstOrDefault(s => s.Socket == r.Socket && s.Pid == r.Pid) ?? states[r.Pod].FirstOrDefault()))
            .ToList();
        // A cycle's results cover the registry; a managed pod is a row whether or not it is registered (one whose
        // command cannot run never registers). A probe of one pod answers for that pod only.
        if (wholeFleet)
        {
            var probed = results.Select(r => r.Pod).ToHashSet(StringComparer.Ordinal);
            pods.AddRange(view.Pods.Where(p => p.Managed is not null && !probed.Contains(p.Name)).Select(FromState));
        }

        pods = pods.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Dialect, StringComparer.Ordinal).ToList();
        return new FleetReport(at, pods, new SupervisorReport(openFds, view.OpenConnections, view.Cycles, Environment.ProcessId), registryError);
    }

    public static PodReport FromState(PodState state)
    {
        var last = state.LastResult;
        return new PodReport(
            state.Name,
            state.Socket,
            state.Pid,
            last?.Outcome.ToWireName(),
            state.Reachable,
            StatusWireName(state.Status),
            last is null || last.Outcome == ProbeOutcome.Stale ? null : Millis(last.Latency),
            last?.Detail,
            state.Healthy,
            state.ConsecutiveFailures,
            state.LastChange,
            state.Probes,
            state.Overruns,
            state.RecentLatencies.Select(Millis).ToList())
        {
            Dialect = state.Dialect.ToWire(),
            GreetedDialect = state.GreetedDialect?.ToWire(),
            NameInBothFiles = state.NameInBothFiles,
            Managed = state.Managed is { } managed ? ManagedReports.From(managed, DateTimeOffset.UtcNow) : null,
        };
    }

    public static PodReport FromResult(ProbeResult result, PodState? state) => new(
        result.Pod,
        result.Socket,
        result.Pid,
        result.Outcome.ToWireName(),
        result.Reachable,
        StatusWireName(result.Status),
        result.Outcome == ProbeOutcome.Stale ? null : Millis(result.Latency),
        result.Detail,
        state?.Healthy ?? result.Reachable,
        state?.ConsecutiveFailures ?? (result.Reachable ? 0 : 1),
        state?.LastChange,
        state?.Probes ?? 1,
        state?.Overruns ?? 0,
        state?.RecentLatencies.Select(Millis).ToList() ?? [Millis(result.Latency)])
    {
        Dialect = (state?.Dialect ?? result.Dialect ?? Dialect.Pod).ToWire(),
        GreetedDialect = (result.Dialect ?? state?.GreetedDialect)?.ToWire(),
        NameInBothFiles = state?.NameInBothFiles ?? false,
        Managed = state?.Managed is { } managed ? ManagedReports.From(managed, DateTimeOffset.UtcNow) : null,
    };

    public static double Millis(TimeSpan span) => Math.Round(span.TotalMilliseconds, 3);
}
