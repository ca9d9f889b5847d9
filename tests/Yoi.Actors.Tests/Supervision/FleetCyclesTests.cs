using Yoi.Actors.Probing;
using Yoi.Actors.Supervision;

namespace Yoi.Actors.Tests.Supervision;

public sealed class FleetCyclesTests
{
    private static ProbeResult Result(string pod, ProbeOutcome outcome = ProbeOutcome.Ok) =>
        new(pod, $"/run/{pod}.sock", 1, outcome, null, TimeSpan.FromMilliseconds(1), null, DateTimeOffset.UnixEpoch);

    private static List<(IReadOnlyList<string> Waiters, IReadOnlyList<ProbeResult> Results)> TakeAll(FleetCycles<string> cycles)
    {
        var taken = new List<(IReadOnlyList<string>, IReadOnlyList<ProbeResult>)>();
        while (cycles.TryTakeCompleted(out var waiters, out var results))
            taken.Add((waiters, results));
        return taken;
    }

    [Fact]
    public void Cycles_completed_by_one_result_are_handed_out_one_at_a_time_oldest_first()
    {
        var cycles = new FleetCycles<string>();
        cycles.Start(["slow"], ["first"]);
        cycles.Start(["slow"], ["second"]);
        cycles.Record(Result("slow"));

        Assert.True(cycles.TryTakeCompleted(out var waiters, out _));
        Assert.Equal(["first"], waiters);
        Assert.Equal(1, cycles.Completed);
        Assert.True(cycles.TryTakeCompleted(out waiters, out _));
        Assert.Equal(["second"], waiters);
        Assert.Equal(2, cycles.Completed);
        Assert.False(cycles.TryTakeCompleted(out _, out _));
    }

    [Fact]
    public void A_cycle_completes_once_every_pod_answered_with_its_results_in_name_order()
    {
        var cycles = new FleetCycles<string>();
        cycles.Start(["b", "a", "c"], ["asker"]);

        cycles.Record(Result("c"));
        cycles.Record(Result("a"));
        Assert.Empty(TakeAll(cycles));
        cycles.Record(Result("b", ProbeOutcome.Refused));

        var (waiters, results) = Assert.Single(TakeAll(cycles));
        Assert.Equal(["asker"], waiters);
        Assert.Equal(["a", "b", "c"], results.Select(r => r.Pod));
        Assert.Equal(ProbeOutcome.Refused, results[1].Outcome);
        Assert.Equal(1, cycles.Completed);
        Assert.Equal(0, cycles.UnderWay);
        Assert.Empty(TakeAll(cycles));
    }

    [Fact]
    public void An_empty_fleet_completes_at_once()
    {
        var cycles = new FleetCycles<string>();
        cycles.Start([], ["x", "y"]);

        var (waiters, results) = Assert.Single(TakeAll(cycles));
        Assert.Equal(["x", "y"], waiters);
        Assert.Empty(results);
    }

    [Fact]
    public void One_result_counts_for_every_cycle_waiting_for_that_pod_and_only_once_each()
    {
        // An overrun: the second cycle started while the first one's probe of "a" was still in flight.
        var cycles = new FleetCycles<string>();
        cycles.Start(["a", "b"], ["first"]);
        cycles.Record(Result("b"));
        cycles.Start(["a", "b"], ["second"]);

        cycles.Record(Result("a"));
        var completed = TakeAll(cycles);
        Assert.Equal(["first"], Assert.Single(completed).Waiters);
        Assert.Equal(1, cycles.UnderWay);

        // A later result of "a" is not counted twice by the cycle still waiting for "b".
        cycles.Record(Result("a", ProbeOutcome.Closed));
        Assert.Empty(TakeAll(cycles));
        cycles.Record(Result("b"));
        var (waiters, results) = Assert.Single(TakeAll(cycles));
        Assert.Equal(["second"], waiters);
        Assert.Equal([ProbeOutcome.Ok, ProbeOutcome.Ok], results.Select(r => r.Outcome));
        Assert.Equal(2, cycles.Completed);
    }

    [Fact]
    public void A_pod_that_leaves_mid_cycle_is_no_longer_waited_for()
    {
        var cycles = new FleetCycles<string>();
        cycles.Start(["a", "gone"], ["asker"]);
        cycles.Record(Result("a"));

        cycles.Forget("gone");

        var (_, results) = Assert.Single(TakeAll(cycles));
        Assert.Equal(["a"], results.Select(r => r.Pod));
    }

    [Fact]
    public void Results_of_pods_a_cycle_does_not_wait_for_are_not_counted()
    {
        var cycles = new FleetCycles<string>();
        cycles.Start(["a"], []);

        cycles.Record(Result("newcomer"));
        Assert.Empty(TakeAll(cycles));
        cycles.Record(Result("a"));

        Assert.Equal(["a"], Assert.Single(TakeAll(cycles)).Results.Select(r => r.Pod));
    }

    [Fact]
    public void A_waiter_joins_the_newest_cycle_under_way_and_nothing_when_none_is()
    {
        var cycles = new FleetCycles<string>();
        Assert.False(cycles.TryJoin("early"));
        cycles.Start(["a"], ["tick"]);
        cycles.Start(["a", "b"], []);
        Assert.True(cycles.TryJoin("status"));
        cycles.Record(Result("a"));
        cycles.Record(Result("b"));

        var taken = TakeAll(cycles);

        Assert.Equal(2, taken.Count);
        Assert.Equal(["tick"], taken[0].Waiters);
        Assert.Equal(["status"], taken[1].Waiters);
        Assert.Equal(["a", "b"], taken[1].Results.Select(r => r.Pod));
    }
}
