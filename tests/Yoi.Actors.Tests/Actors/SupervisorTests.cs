using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;
using Yoi.Simulation;
using Yoi.Actors.Supervision;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Actors;

public sealed class SupervisorTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(15);
    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync() =>
        _fleet = await SimulatedFleetFixture.StartAsync(
            [new PodSpec("a", PodMode.Normal), new PodSpec("b", PodMode.Normal), new PodSpec("dead", PodMode.Stale)]);

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
    }

    private IActorRef StartSupervisor(TimeSpan? period = null, int failureThreshold = 3, TimeSpan? registryLockTimeout = null) =>
        Sys.ActorOf(PodSupervisor.Props(new SupervisorSettings
        {
            RuntimeDir = _fleet.RuntimeDir,
            Period = period ?? TimeSpan.FromMinutes(10),
            MaxLineBytes = 64 * 1024,
            FailureThreshold = failureThreshold,
            RegistryLockTimeout = registryLockTimeout ?? Yoi.Actors.Registry.PodRegistry.DefaultLockTimeout,
            // No test here expects no-status: a generous deadline keeps a loaded machine from producing one.
            ProbeTimeout = TimeSpan.FromSeconds(2),
        }));

    private PodState ProbeAllAndGet(IActorRef supervisor, string pod)
    {
        supervisor.Tell(Fleet.ProbeAll.Instance);
        return ExpectMsg<Fleet.CycleCompleted>(Ceiling).View.Pods.Single(p => p.Name == pod);
    }

    [Fact]
    public async Task A_pod_turns_unhealthy_only_after_the_failure_threshold()
    {
        var supervisor = StartSupervisor(failureThreshold: 2);
        Assert.True(ProbeAllAndGet(supervisor, "a").Healthy);

        // The pod dies but stays registered: its socket file is gone.
        await _fleet["a"].DisposeAsync();
        var once = ProbeAllAndGet(supervisor, "a");
        Assert.Equal(ProbeOutcome.Missing, once.Outcome);
        Assert.Equal(1, once.ConsecutiveFailures);
        Assert.True(once.Healthy);

        var twice = ProbeAllAndGet(supervisor, "a");
        Assert.Equal(2, twice.ConsecutiveFailures);
        Assert.False(twice.Healthy);
        Assert.Equal(0, twice.ConsecutiveSuccesses);
    }

    [Fact]
    public void ProbeAll_reports_every_registered_pod()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        var cycle = ExpectMsg<Fleet.CycleCompleted>(Ceiling);

        Assert.Null(cycle.RegistryError);
        Assert.Equal(["a", "b", "dead"], cycle.Results.Select(r => r.Pod));
        Assert.Equal(ProbeOutcome.Ok, cycle.Results[0].Outcome);
        Assert.Equal(ProbeOutcome.Stale, cycle.Results[2].Outcome);

        supervisor.Tell(Fleet.GetView.Instance);
        var view = ExpectMsg<Fleet.View>(Ceiling);
        var a = view.Pods.Single(p => p.Name == "a");
        Assert.True(a.Healthy);
        Assert.True(a.Probes >= 1);
        Assert.NotEmpty(a.RecentLatencies);
        Assert.False(view.Pods.Single(p => p.Name == "dead").Reachable);
    }

    [Fact]
    public void Requests_naming_a_pod_before_the_first_registry_read_wait_for_it()
    {
        var supervisor = StartSupervisor();
        var watcher = CreateTestProbe();
        supervisor.Tell(new Fleet.ProbePod("a"));
        supervisor.Tell(new Fleet.Attach("b", watcher.Ref));

        var replies = ReceiveN(2, Ceiling);
        Assert.Equal(ProbeOutcome.Ok, replies.OfType<ProbeResult>().Single().Outcome);
        Assert.Equal("b", replies.OfType<Fleet.Attached>().Single().PodName);
    }

    [Fact]
    public async Task Requests_sent_before_the_first_registry_read_wait_for_it_and_ProbeAll_joins_its_cycle()
    {
        // The registry's writer lock holds the first read back for as long as the test wants.
        var holder = await Yoi.Actors.Tests.Registry.FlockHolder.HoldAsync(_fleet.RegistryPath, exclusive: true);
        try
        {
            var supervisor = StartSupervisor(registryLockTimeout: TimeSpan.FromSeconds(60));
            var subscriber = CreateTestProbe();
            supervisor.Tell(Fleet.GetView.Instance);
            supervisor.Tell(new Fleet.ProbePod("a", WithView: true));
            supervisor.Tell(Fleet.ProbeAll.Instance);
            supervisor.Tell(new Fleet.Subscribe(subscriber.Ref), subscriber.Ref);
            // Not an empty fleet, not "unknown pod": nothing at all while the registry cannot be read.
            ExpectNoMsg(TimeSpan.FromMilliseconds(500));
            subscriber.ExpectNoMsg(TimeSpan.Zero);

            await holder.ReleaseAsync();
            var replies = ReceiveN(3, Ceiling).ToList();
            Assert.IsType<Fleet.View>(replies[0]);
            Assert.Equal(["a", "b", "dead"], ((Fleet.View)replies[0]).Pods.Select(p => p.Name));
            Assert.Equal(["a", "b", "dead"], subscriber.ExpectMsg<Fleet.View>(Ceiling).Pods.Select(p => p.Name));
            var probed = replies.OfType<Fleet.PodProbed>().Single();
            Assert.Equal(ProbeOutcome.Ok, probed.Result.Outcome);

            // The ProbeAll was answered by the first read's cycle, not by a second read that overran it.
            var cycle = replies.OfType<Fleet.CycleCompleted>().Single();
            Assert.Equal(["a", "b", "dead"], cycle.Results.Select(r => r.Pod));
            Assert.Equal(1, cycle.View.Cycles);
            Assert.All(cycle.View.Pods, p => Assert.Equal(0, p.Overruns));
        }
        finally
        {
            holder.Dispose();
        }
    }

    [Fact]
    public void ProbeAll_and_ProbePod_replies_carry_the_view_that_counts_their_results()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        var cycle = ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        Assert.Equal(1, cycle.View.Cycles);
        Assert.Null(cycle.View.RegistryError);
        Assert.Equal(0, cycle.View.OpenConnections);
        foreach (var result in cycle.Results)
            Assert.Same(result, cycle.View.Pods.Single(p => p.Name == result.Pod).LastResult);

        supervisor.Tell(new Fleet.ProbePod("b", WithView: true));
        var probed = ExpectMsg<Fleet.PodProbed>(Ceiling);
        var b = probed.View.Pods.Single(p => p.Name == "b");
        Assert.Same(probed.Result, b.LastResult);
        Assert.Equal(2, b.Probes);

        supervisor.Tell(new Fleet.ProbePod("nope", WithView: true));
        Assert.Contains("nope", ExpectMsg<Fleet.UnknownPod>(Ceiling).Reason);
    }

    [Fact]
    public async Task Every_send_reply_carries_its_own_requests_correlation_id()
    {
        var supervisor = StartSupervisor();
        // Three methods the simulated pod accepts without side effects: a reply naming the wrong one would show a mix-up.
        Method[] methods = [ListRewindTargetsMethod.Instance, ListPodsMethod.Instance, new RegisterPeerMethod("peer")];
        for (var i = 0; i < 50; i++)
            supervisor.Tell(new Fleet.SendMethod("a", methods[i % 3], i));

        var sent = ReceiveN(50, TimeSpan.FromSeconds(60)).Select(m => Assert.IsType<PodSession.Sent>(m)).ToList();
        Assert.Equal(Enumerable.Range(0, 50), sent.Select(s => (int)s.CorrelationId!).Order());
        Assert.All(sent, s => Assert.Equal(methods[(int)s.CorrelationId! % 3].Name, s.Method));
        await _fleet["a"].WaitForAsync(p => p.MethodsReceived >= 50, Ceiling);

        for (var i = 100; i < 105; i++)
            supervisor.Tell(new Fleet.SendMethod("dead", CancelMethod.Instance, i));
        var failed = ReceiveN(5, Ceiling).Select(m => Assert.IsType<PodSession.SendFailed>(m)).ToList();
        Assert.Equal(Enumerable.Range(100, 5), failed.Select(f => (int)f.CorrelationId!).Order());

        supervisor.Tell(new Fleet.SendMethod("nope", CancelMethod.Instance, "x"));
        Assert.Equal("x", ExpectMsg<Fleet.UnknownPod>(Ceiling).CorrelationId);

        // Through one attached session: acknowledged in write order, each with its own id.
        var watcher = CreateTestProbe();
        supervisor.Tell(new Fleet.Attach("b", watcher.Ref));
        var session = ExpectMsg<Fleet.Attached>(Ceiling).Session;
        for (var i = 0; i < 5; i++)
            session.Tell(new PodSession.Send(methods[i % 3], $"s{i}"));
        Assert.Equal(["s0", "s1", "s2", "s3", "s4"], ReceiveN(5, Ceiling).Select(m => Assert.IsType<PodSession.Sent>(m).CorrelationId));
    }

    [Fact]
    public void Attaching_to_or_sending_to_an_unreachable_pod_always_gets_an_answer()
    {
        // An attach to the stale pod is refused naming its dead process. Its socket file refuses connections: a
        // one-shot send's session ends at once, which must not lose the sender's SendFailed, nor its real cause.
        var supervisor = StartSupervisor();
        for (var i = 0; i < 20; i++)
        {
            var watcher = CreateTestProbe();
            supervisor.Tell(new Fleet.Attach("dead", watcher.Ref));
            Assert.Contains("is not running", ExpectMsg<Fleet.AttachFailed>(Ceiling).Reason);

            supervisor.Tell(new Fleet.SendMethod("dead", CancelMethod.Instance));
            Assert.Contains("cannot connect", ExpectMsg<PodSession.SendFailed>(Ceiling).Reason);
        }
    }

    [Fact]
    public void ProbePod_answers_for_one_pod_and_unknown_pods_are_named()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);

        supervisor.Tell(new Fleet.ProbePod("b"));
        Assert.Equal(ProbeOutcome.Ok, ExpectMsg<ProbeResult>(Ceiling).Outcome);
        supervisor.Tell(new Fleet.ProbePod("nope"));
        Assert.Contains("nope", ExpectMsg<Fleet.UnknownPod>(Ceiling).Reason);
    }

    [Fact]
    public async Task Subscribers_see_pods_appear_disappear_and_change()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        // Subscribed once the fleet is known, so every change below happens after the subscription.
        var watcher = CreateTestProbe();
        supervisor.Tell(new Fleet.Subscribe(watcher.Ref), watcher.Ref);
        Assert.Contains(watcher.ExpectMsg<Fleet.View>(Ceiling).Pods, p => p.Name == "a" && p.Reachable);

        await _fleet["a"].DisposeAsync();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        var lost = watcher.FishForMessage<Fleet.ReachabilityChanged>(c => c.PodName == "a", Ceiling);
        Assert.False(lost.Reachable);
        Assert.Equal(ProbeOutcome.Missing, lost.Outcome);
        watcher.FishForMessage<Fleet.StatusChanged>(c => c.PodName == "a" && c.From == PodStatus.Idle && c.To == null, Ceiling);

        await _fleet["b"].DisposeAsync();
        Yoi.Actors.Registry.PodRegistry.Unregister(_fleet.RegistryPath, "b");
        Yoi.Actors.Registry.PodRegistry.Register(
            _fleet.RegistryPath, Yoi.Actors.Registry.PodAllocation.Of("newcomer", Environment.ProcessId, Path.Combine(_fleet.RuntimeDir, "nowhere")));
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        // One registry read: arrivals are published first, then departures.
        watcher.FishForMessage<Fleet.PodAppeared>(c => c.PodName == "newcomer", Ceiling);
        watcher.FishForMessage<Fleet.PodDisappeared>(c => c.PodName == "b", Ceiling);
    }

    [Fact]
    public void A_corrupt_registry_keeps_the_last_good_view_and_says_why()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);

        var good = File.ReadAllBytes(_fleet.RegistryPath);
        File.WriteAllText(_fleet.RegistryPath, "{\"allocations\": [ {\"pod_name\": ");
        supervisor.Tell(Fleet.ProbeAll.Instance);
        var cycle = ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        File.WriteAllBytes(_fleet.RegistryPath, good);
        Assert.NotNull(cycle.RegistryError);
        Assert.Contains("pods.json", cycle.RegistryError);
        Assert.Equal(3, cycle.Results.Count);
    }

    [Fact]
    public async Task Attach_and_send_go_through_sessions_that_end_with_their_use()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);

        var watcher = CreateTestProbe();
        supervisor.Tell(new Fleet.Attach("a", watcher.Ref));
        var attached = ExpectMsg<Fleet.Attached>(Ceiling);
        watcher.FishForMessage<PodSession.EventsReceived>(b => b.Events.Any(e => e.Event is SnapshotEvent), Ceiling);

        supervisor.Tell(new Fleet.SendMethod("a", new NotifyMethod("hi")));
        ExpectMsg<PodSession.Sent>(Ceiling);
        watcher.FishForMessage<PodSession.EventsReceived>(b => b.Events.Any(e => e.Event is RunEndEvent), Ceiling);

        supervisor.Tell(new Fleet.Attach("ghost", watcher.Ref));
        ExpectMsg<Fleet.AttachFailed>(Ceiling);

        Watch(attached.Session);
        Sys.Stop(watcher.Ref);
        ExpectTerminated(attached.Session, Ceiling);
        await _fleet["a"].WaitForAsync(p => p.Open == 0 && p.PeerClosed == p.Accepted, Ceiling);
        supervisor.Tell(Fleet.GetView.Instance);
        Assert.Equal(0, ExpectMsg<Fleet.View>(Ceiling).OpenConnections);
    }

    [Fact]
    public async Task The_poll_timer_probes_on_its_own_and_counts_overruns_instead_of_queueing()
    {
        var supervisor = StartSupervisor(TimeSpan.FromMilliseconds(50));
        await AwaitAssertAsync(
            async () =>
            {
                var view = await supervisor.Ask<Fleet.View>(Fleet.GetView.Instance, Ceiling);
                Assert.True(view.Cycles >= 5);
                Assert.All(view.Pods.Where(p => p.Name != "dead"), p => Assert.True(p.Probes >= 3));
            },
            Ceiling);
    }

    [Fact]
    public async Task A_restarted_supervisor_closes_its_childrens_sockets_and_rebuilds_from_the_registry()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        var watcher = CreateTestProbe();
        supervisor.Tell(new Fleet.Attach("a", watcher.Ref));
        var session = ExpectMsg<Fleet.Attached>(Ceiling).Session;
        Watch(session);
        await _fleet["a"].WaitForAsync(p => p.Open == 1, Ceiling);

        // A programming error (a null pod name) crashes the supervisor; the default strategy restarts it, and a
        // restart stops every child first: the session's socket closes.
        EventFilter.Exception<ArgumentNullException>().ExpectOne(() => supervisor.Tell(new Fleet.ProbePod(null!)));
        ExpectTerminated(session, Ceiling);
        await _fleet["a"].WaitForAsync(p => p.Open == 0, Ceiling);

        supervisor.Tell(Fleet.ProbeAll.Instance);
        var cycle = ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        Assert.Equal(3, cycle.Results.Count);
    }
}
