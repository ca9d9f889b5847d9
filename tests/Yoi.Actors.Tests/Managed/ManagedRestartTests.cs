using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Tests.Support;
using M = Yoi.Actors.Managed.Managed;

namespace Yoi.Actors.Tests.Managed;

/// <summary>Exits, backoff and the restart budget, with cheap shell commands as the pods.</summary>
[Collection(FdSensitiveCollection.Name)]
public sealed class ManagedRestartTests : ManagedTestKit
{
    [Fact]
    public void A_crashing_pod_is_restarted_with_doubling_gaps()
    {
        var spec = Spec("crash", Shell("exit 3")) with
        {
            BackoffInitial = TimeSpan.FromMilliseconds(100),
            BackoffMax = TimeSpan.FromSeconds(5),
        };
        StartManaged(spec);
        ExpectState("crash", ManagedState.Starting);
        var backoffs = new List<M.ProcessStateChanged>();
        var starts = new List<M.ProcessStateChanged>();
        for (var i = 0; i < 4; i++)
        {
            backoffs.Add(ExpectState("crash", ManagedState.Backoff));
            starts.Add(ExpectState("crash", ManagedState.Starting));
        }

        Assert.All(backoffs, b => Assert.Equal("exited with exit 3", b.Reason));
        Assert.All(backoffs, b => Assert.Equal(3, b.Exit!.Code));
        // Measured on the supervisor's own clock (the test's receive times shift with its thread's scheduling under
        // load): from each exit seen to the next process started. 100, 200, 400, 800 ms, each ±10 %.
        var gaps = backoffs.Zip(starts, (b, s) => (s.Status.StartedAt!.Value - b.Exit!.At).TotalMilliseconds).ToList();
        for (var i = 0; i < gaps.Count; i++)
            Assert.True(gaps[i] >= 100 * Math.Pow(2, i) * 0.9 - 5, $"gap {i}: {gaps[i]:0} ms (all: {string.Join(", ", gaps.Select(g => g.ToString("0")))})");
        for (var i = 1; i < gaps.Count; i++)
            Assert.True(gaps[i] > gaps[i - 1], $"gaps do not grow: {string.Join(", ", gaps.Select(g => g.ToString("0")))}");
        // The restarts are counted, the next start announced.
        Assert.Equal(3, backoffs[^1].Status.Restarts);
        Assert.NotNull(backoffs[^1].Status.NextStartAt);
    }

    [Fact]
    public void Past_the_budget_the_pod_is_fatal_until_started_again()
    {
        var spec = Spec("flap", Shell("exit 1")) with { MaxRestarts = 2, BackoffInitial = TimeSpan.FromMilliseconds(5) };
        var managed = StartManaged(spec);
        var fatal = ExpectState("flap", ManagedState.Fatal);
        Assert.Equal("more than 2 restarts within 60 s (last: exited with exit 1)", fatal.Reason);
        Assert.Equal(2, fatal.Status.Restarts);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var asker = CreateTestProbe();
        asker.Send(managed, new M.Start("flap"));
        Assert.Equal(ManagedState.Starting, asker.ExpectMsg<M.Done>(Ceiling).Status.State);
        var again = ExpectState("flap", ManagedState.Fatal);
        Assert.Equal(2, again.Status.Restarts);
    }

    [Fact]
    public void The_policy_decides_whether_an_exit_is_restarted()
    {
        StartManaged(
            Spec("clean", Shell("exit 0")) with { Restart = RestartPolicy.OnFailure },
            Spec("never", Shell("exit 4")) with { Restart = RestartPolicy.Never });
        var clean = ExpectState("clean", ManagedState.Exited);
        Assert.Equal("exited with exit 0", clean.Reason);
        var never = ExpectState("never", ManagedState.Exited);
        Assert.Equal(4, never.Exit!.Code);
    }

    [Fact]
    public void Requests_start_stop_and_restart_a_pod()
    {
        var managed = StartManaged(Spec("s", Shell("exec sleep 300")));
        var first = ExpectState("s", ManagedState.Starting).Pid!.Value;
        var asker = CreateTestProbe();

        asker.Send(managed, new M.Restart("s"));
        var restarted = asker.ExpectMsg<M.Done>(Ceiling);
        Assert.Equal(ManagedState.Starting, restarted.Status.State);
        Assert.NotEqual(first, restarted.Status.Pid);
        Assert.True(GoneOrNotOurZombie(first));

        asker.Send(managed, new M.Stop("s"));
        Assert.Equal(ManagedState.Stopped, asker.ExpectMsg<M.Done>(Ceiling).Status.State);
        asker.Send(managed, new M.Stop("s"));
        Assert.Equal(ManagedState.Stopped, asker.ExpectMsg<M.Done>(Ceiling).Status.State);

        asker.Send(managed, new M.Start("s"));
        Assert.Equal(ManagedState.Starting, asker.ExpectMsg<M.Done>(Ceiling).Status.State);

        asker.Send(managed, new M.Start("nope"));
        Assert.Equal("no managed pod named 'nope'", asker.ExpectMsg<M.Refused>(Ceiling).Reason);

        asker.Send(managed, M.GetStates.Instance);
        AwaitAssert(() =>
        {
            asker.Send(managed, M.GetStates.Instance);
            var state = Assert.Single(asker.ExpectMsg<M.States>(Ceiling).Pods);
            Assert.Equal(ManagedState.Starting, state.State);
        }, Ceiling);
    }

    [Fact]
    public void The_supervisors_fds_stay_flat_over_a_hundred_restarts()
    {
        var spec = Spec("churn", Shell("exit 1")) with
        {
            BackoffInitial = TimeSpan.FromMilliseconds(1),
            BackoffMax = TimeSpan.FromMilliseconds(2),
            MaxRestarts = 10_000,
        };
        StartManaged(spec);
        // Warm up (the watcher's eventfd, the log directory, the runtime's own lazily opened fds).
        for (var i = 0; i < 10; i++)
            ExpectState("churn", ManagedState.Backoff);
        var before = OpenFds();
        M.ProcessStateChanged last = null!;
        for (var i = 0; i < 100; i++)
            last = ExpectState("churn", ManagedState.Backoff);
        var after = OpenFds();
        Assert.True(last.Status.Restarts >= 100);
        Assert.True(after <= before + 2, $"fds grew from {before} to {after} over 100 restarts");
        Assert.Empty(OurZombies());
    }
}
