using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;
using Yoi.Actors.Supervision;

namespace Yoi.Actors.Tests.Supervision;

public sealed class HealthRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static PodState Fresh() => HealthRules.Unprobed(PodAllocation.Of("a", 42, "/run/a.sock"), T0);

    private static ProbeResult Result(ProbeOutcome outcome, int second, PodStatus? status = null, int latencyMs = 5) =>
        new("a", "/run/a.sock", 42, outcome, outcome == ProbeOutcome.Ok ? status ?? PodStatus.Idle : null,
            TimeSpan.FromMilliseconds(latencyMs), null, T0.AddSeconds(second));

    /// <summary>Applies the outcomes in order, one second apart, and returns every state and every change.</summary>
    private static (List<PodState> States, List<Fleet.Change> Changes) Run(HealthRules rules, PodState start, params ProbeOutcome[] outcomes)
    {
        var states = new List<PodState>();
        var changes = new List<Fleet.Change>();
        var state = start;
        for (var i = 0; i < outcomes.Length; i++)
        {
            (state, var published) = rules.Apply(state, Result(outcomes[i], i + 1));
            states.Add(state);
            changes.AddRange(published);
        }

        return (states, changes);
    }

    [Fact]
    public void The_first_result_is_published_as_a_reachability_and_a_status_change()
    {
        var rules = new HealthRules(3, 1, 64);
        var first = Result(ProbeOutcome.Ok, 1, PodStatus.Idle, latencyMs: 7);

        var (state, changes) = rules.Apply(Fresh(), first);

        Assert.Same(first, state.LastResult);
        Assert.True(state.Healthy);
        Assert.Equal(1, state.ConsecutiveSuccesses);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(1, state.Probes);
        Assert.Equal(first.At, state.LastChange);
        Assert.Equal([TimeSpan.FromMilliseconds(7)], state.RecentLatencies);
        Assert.Collection(
            changes,
            c =>
            {
                var reachability = Assert.IsType<Fleet.ReachabilityChanged>(c);
                Assert.True(reachability.Reachable);
                Assert.Equal(ProbeOutcome.Ok, reachability.Outcome);
                Assert.Same(state, reachability.State);
            },
            c =>
            {
                var status = Assert.IsType<Fleet.StatusChanged>(c);
                Assert.Null(status.From);
                Assert.Equal(PodStatus.Idle, status.To);
                Assert.Same(state, status.State);
            });
    }

    [Fact]
    public void A_first_failure_is_only_a_reachability_change_and_the_pod_stays_unhealthy()
    {
        var rules = new HealthRules(1, 1, 64);

        var (state, changes) = rules.Apply(Fresh(), Result(ProbeOutcome.Refused, 1));

        Assert.False(state.Healthy);
        Assert.Equal(1, state.ConsecutiveFailures);
        var change = Assert.IsType<Fleet.ReachabilityChanged>(Assert.Single(changes));
        Assert.False(change.Reachable);
        Assert.Equal(ProbeOutcome.Refused, change.Outcome);
    }

    [Fact]
    public void A_healthy_pod_turns_unhealthy_only_at_the_failure_threshold()
    {
        var rules = new HealthRules(3, 1, 64);

        var (states, _) = Run(rules, Fresh(), ProbeOutcome.Ok, ProbeOutcome.Missing, ProbeOutcome.Missing, ProbeOutcome.Missing);

        Assert.Equal([true, true, true, false], states.Select(s => s.Healthy));
        Assert.Equal([0, 1, 2, 3], states.Select(s => s.ConsecutiveFailures));
        Assert.Equal([1, 0, 0, 0], states.Select(s => s.ConsecutiveSuccesses));
    }

    [Fact]
    public void An_unhealthy_pod_turns_healthy_only_at_the_success_threshold()
    {
        var rules = new HealthRules(1, 3, 64);

        var (states, _) = Run(rules, Fresh(), ProbeOutcome.Closed, ProbeOutcome.Ok, ProbeOutcome.Ok, ProbeOutcome.Ok, ProbeOutcome.Ok);

        Assert.Equal([false, false, false, true, true], states.Select(s => s.Healthy));
        Assert.Equal([0, 1, 2, 3, 4], states.Select(s => s.ConsecutiveSuccesses));
    }

    [Fact]
    public void A_flapping_pod_keeps_its_verdict_but_every_flip_is_published()
    {
        var rules = new HealthRules(2, 2, 64);
        var flapping = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? ProbeOutcome.Ok : ProbeOutcome.NoStatus).ToArray();

        // Never healthy: no two successes in a row.
        var (fromNew, newChanges) = Run(rules, Fresh(), flapping);
        Assert.All(fromNew, s => Assert.False(s.Healthy));
        Assert.Equal(10, newChanges.OfType<Fleet.ReachabilityChanged>().Count());
        // Idle, then no status, then Idle … : every result moves the status too.
        Assert.Equal(10, newChanges.OfType<Fleet.StatusChanged>().Count());

        // Once healthy, never two failures in a row: it stays healthy.
        var healthy = Run(rules, Fresh(), ProbeOutcome.Ok, ProbeOutcome.Ok).States[^1];
        Assert.True(healthy.Healthy);
        var (fromHealthy, _) = Run(rules, healthy, flapping.Reverse().ToArray());
        Assert.All(fromHealthy, s => Assert.True(s.Healthy));
        Assert.All(fromHealthy, s => Assert.True(s.ConsecutiveFailures <= 1));
    }

    [Fact]
    public void The_same_outcome_and_status_again_changes_nothing_but_the_counts()
    {
        var rules = new HealthRules(3, 1, 64);
        var (once, _) = rules.Apply(Fresh(), Result(ProbeOutcome.Ok, 1));

        var (twice, changes) = rules.Apply(once, Result(ProbeOutcome.Ok, 2));

        Assert.Empty(changes);
        Assert.Equal(once.LastChange, twice.LastChange);
        Assert.Equal(2, twice.Probes);
        Assert.Equal(T0.AddSeconds(2), twice.LastResult!.At);
    }

    [Fact]
    public void A_new_failure_kind_is_a_reachability_change_and_a_new_status_a_status_change()
    {
        var rules = new HealthRules(3, 1, 64);
        var (missing, _) = rules.Apply(Fresh(), Result(ProbeOutcome.Missing, 1));

        var (refused, changes) = rules.Apply(missing, Result(ProbeOutcome.Refused, 2));
        var change = Assert.IsType<Fleet.ReachabilityChanged>(Assert.Single(changes));
        Assert.Equal(ProbeOutcome.Refused, change.Outcome);
        Assert.Equal(T0.AddSeconds(2), refused.LastChange);

        var (idle, _) = rules.Apply(refused, Result(ProbeOutcome.Ok, 3, PodStatus.Idle));
        var (running, statusOnly) = rules.Apply(idle, Result(ProbeOutcome.Ok, 4, PodStatus.Running));
        var status = Assert.IsType<Fleet.StatusChanged>(Assert.Single(statusOnly));
        Assert.Equal(PodStatus.Idle, status.From);
        Assert.Equal(PodStatus.Running, status.To);
        Assert.Equal(T0.AddSeconds(4), running.LastChange);
    }

    [Fact]
    public void Stale_results_count_as_failures_but_keep_no_latency()
    {
        var rules = new HealthRules(2, 1, 64);
        var (ok, _) = rules.Apply(Fresh(), Result(ProbeOutcome.Ok, 1, latencyMs: 9));

        var (states, _) = Run(rules, ok, ProbeOutcome.Stale, ProbeOutcome.Stale);

        Assert.Equal([TimeSpan.FromMilliseconds(9)], states[^1].RecentLatencies);
        Assert.Equal(2, states[^1].ConsecutiveFailures);
        Assert.False(states[^1].Healthy);
        Assert.Equal(3, states[^1].Probes);
    }

    [Fact]
    public void The_latency_history_keeps_the_most_recent_and_never_changes_an_earlier_state()
    {
        var rules = new HealthRules(3, 1, 3);
        var state = Fresh();
        var states = new List<PodState>();
        for (var i = 1; i <= 5; i++)
        {
            state = rules.Apply(state, Result(i % 2 == 0 ? ProbeOutcome.Ok : ProbeOutcome.NoStatus, i, latencyMs: i)).State;
            states.Add(state);
        }

        Assert.Equal([3, 4, 5], state.RecentLatencies.Select(l => (int)l.TotalMilliseconds));
        Assert.Equal([1, 2, 3], states[2].RecentLatencies.Select(l => (int)l.TotalMilliseconds));

        var none = new HealthRules(3, 1, 0).Apply(Fresh(), Result(ProbeOutcome.Ok, 1)).State;
        Assert.Empty(none.RecentLatencies);
    }

    [Fact]
    public void Bad_thresholds_and_another_pods_result_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthRules(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthRules(1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthRules(1, 1, -1));
        var other = Result(ProbeOutcome.Ok, 1) with { Pod = "b" };
        Assert.Contains("'b'", Assert.Throws<ArgumentException>(() => new HealthRules(1, 1, 1).Apply(Fresh(), other)).Message);
    }
}
