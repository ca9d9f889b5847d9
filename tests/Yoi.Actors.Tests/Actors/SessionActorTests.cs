using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Actors;

public sealed class SessionActorTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(10);
    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync() =>
        _fleet = await SimulatedFleetFixture.StartAsync(
            [new PodSpec("alpha", PodMode.Normal), new PodSpec("refused", PodMode.Refused), new PodSpec("huge", PodMode.HugeLine), new PodSpec("gushing", PodMode.Flood)],
            new SimulationOptions { HugeLineBytes = 256 * 1024 });

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
    }

    private readonly HashSet<Akka.TestKit.TestProbe> _connected = [];

    private IActorRef StartSession(string pod, params IActorRef[] subscribers)
    {
        // The first subscriber is given at creation (it must not miss the greeting); later ones subscribe.
        var session = Sys.ActorOf(PodSessionActor.Props(pod, _fleet[pod].SocketPath, 64 * 1024, subscribers.FirstOrDefault()));
        Watch(session);
        foreach (var subscriber in subscribers.Skip(1))
            session.Tell(new PodSession.Subscribe(subscriber));
        return session;
    }

    /// <summary>Collects event names from a subscriber until <paramref name="last"/> arrives. Every subscriber hears
    /// <see cref="PodSession.Connected"/> before its first event.</summary>
    private List<Event> CollectUntil(Akka.TestKit.TestProbe subscriber, Func<Event, bool> last)
    {
        var events = new List<Event>();
        var connected = !_connected.Add(subscriber);
        while (true)
        {
            var message = subscriber.ExpectMsg<object>(Ceiling);
            if (message is PodSession.Connected)
            {
                connected = true;
                continue;
            }

            var batch = Assert.IsType<PodSession.EventsReceived>(message);
            Assert.True(connected, "an event arrived before Connected");
            foreach (var received in batch.Events)
            {
                events.Add(received.Event);
                if (last(received.Event))
                    return events;
            }
        }
    }

    [Fact]
    public async Task A_run_streams_the_whole_turn_in_order_to_every_subscriber()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var session = StartSession("alpha", first.Ref);
        CollectUntil(first, e => e is SnapshotEvent);
        // Told by the same sender before the send, so the second subscriber is in place for the whole turn.
        session.Tell(new PodSession.Subscribe(second.Ref), TestActor);

        session.Tell(new PodSession.Send(new RunMethod([new TextSegment("hello")])), TestActor);
        var sent = ExpectMsg<PodSession.Sent>(Ceiling);
        Assert.Equal("run", sent.Method);

        foreach (var subscriber in new[] { first, second })
        {
            var turn = CollectUntil(subscriber, e => e is StatusEvent { Status: PodStatus.Idle });
            var names = turn.Select(e => e.Name).ToList();
            Assert.Equal("status", names[0]);
            Assert.True(names.IndexOf("invoke_start") < names.IndexOf("turn_start"));
            Assert.True(names.IndexOf("usage") < names.IndexOf("llm_call_end"));
            Assert.Equal(["turn_end", "run_end", "status"], names.TakeLast(3));
            Assert.Contains(turn, e => e is TextDeltaEvent);
            Assert.Equal(RunResult.Finished, turn.OfType<RunEndEvent>().Single().Result);
        }

        Sys.Stop(session);
        ExpectTerminated(session, Ceiling);
        await _fleet["alpha"].WaitForAsync(p => p.Open == 0, Ceiling);
    }

    [Fact]
    public async Task The_session_ends_when_its_last_subscriber_dies()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var session = StartSession("alpha", first.Ref, second.Ref);
        CollectUntil(first, e => e is SnapshotEvent);

        Sys.Stop(first.Ref);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        session.Tell(new PodSession.Unsubscribe(second.Ref));
        ExpectTerminated(session, Ceiling);
        await _fleet["alpha"].WaitForAsync(p => p.Open == 0 && p.PeerClosed == p.Accepted, Ceiling);
    }

    [Fact]
    public async Task Subscribers_are_told_when_the_pod_goes_away()
    {
        var subscriber = CreateTestProbe();
        var session = StartSession("alpha", subscriber.Ref);
        CollectUntil(subscriber, e => e is SnapshotEvent);

        session.Tell(new PodSession.Send(ShutdownMethod.Instance), TestActor);
        ExpectMsg<PodSession.Sent>(Ceiling);
        var detached = subscriber.FishForMessage<PodSession.Detached>(_ => true, Ceiling);
        Assert.Equal("alpha", detached.PodName);
        ExpectTerminated(session, Ceiling);
        await Task.CompletedTask;
    }

    [Fact]
    public void A_session_to_a_refused_pod_detaches_with_the_reason_and_fails_pending_sends()
    {
        var subscriber = CreateTestProbe();
        var session = StartSession("refused", subscriber.Ref);
        session.Tell(new PodSession.Send(CancelMethod.Instance), TestActor);

        var detached = subscriber.ExpectMsg<PodSession.Detached>(Ceiling);
        Assert.Contains("refused", detached.Reason);
        ExpectMsg<PodSession.SendFailed>(Ceiling);
        ExpectTerminated(session, Ceiling);
    }

    [Fact]
    public void A_line_too_long_detaches_the_session()
    {
        var subscriber = CreateTestProbe();
        var session = StartSession("huge", subscriber.Ref);
        var detached = subscriber.FishForMessage<PodSession.Detached>(_ => true, Ceiling);
        Assert.Contains("exceeds", detached.Reason);
        ExpectTerminated(session, Ceiling);
    }

    [Fact]
    public async Task A_session_outlives_many_probe_cycles_of_the_same_pod()
    {
        var subscriber = CreateTestProbe();
        var session = StartSession("alpha", subscriber.Ref);
        CollectUntil(subscriber, e => e is SnapshotEvent);

        for (var i = 0; i < 20; i++)
        {
            var probe = Sys.ActorOf(Probing.ProbeActor.Props(
                Yoi.Actors.Registry.PodAllocation.Of("alpha", Environment.ProcessId, _fleet["alpha"].SocketPath),
                TestActor, TimeSpan.FromSeconds(2), 64 * 1024));
            Assert.Equal(Probing.ProbeOutcome.Ok, ExpectMsg<Probing.ProbeResult>(Ceiling).Outcome);
        }

        session.Tell(new PodSession.Send(new NotifyMethod("still there?")), TestActor);
        ExpectMsg<PodSession.Sent>(Ceiling);
        CollectUntil(subscriber, e => e is RunEndEvent);
        Sys.Stop(session);
        ExpectTerminated(session, Ceiling);
        await _fleet["alpha"].WaitForAsync(p => p.Open == 0, Ceiling);
    }

    /// <summary>A subscriber that acknowledges each batch as it arrives, checks the flood's numbering, and reports
    /// to <paramref name="report"/> once it has <paramref name="want"/> deltas in order (or the first out of order).</summary>
    private sealed class AckingSubscriber : ReceiveActor
    {
        private long _next = 1;

        public AckingSubscriber(IActorRef report, long want)
        {
            Receive<PodSession.EventsReceived>(batch =>
            {
                Sender.Tell(new PodSession.Ack(batch.Bytes));
                foreach (var e in batch.Events)
                {
                    if (e.Event is not TextDeltaEvent delta || _next > want)
                        continue;
                    if (delta.Text != $"flood {_next} ")
                    {
                        report.Tell($"expected flood {_next}, got {delta.Text}");
                        _next = want + 1;
                        return;
                    }

                    if (_next++ == want)
                        report.Tell(want);
                }
            });
            Receive<PodSession.Connected>(_ => { });
            Receive<PodSession.Detached>(d => report.Tell(d));
        }
    }

    [Fact]
    public async Task A_subscriber_that_does_not_acknowledge_is_detached_lagged_while_one_that_does_goes_on()
    {
        var stalled = CreateTestProbe();
        var session = Sys.ActorOf(PodSessionActor.Props("gushing", _fleet["gushing"].SocketPath, 64 * 1024, stalled.Ref, maxBacklogBytes: 1024 * 1024));
        Watch(session);
        var reading = Sys.ActorOf(Props.Create(() => new AckingSubscriber(TestActor, 200_000)));
        session.Tell(new PodSession.Subscribe(reading));

        var lagged = stalled.FishForMessage<PodSession.Detached>(_ => true, Ceiling);
        Assert.Equal(PodSession.LaggedReason, lagged.Reason);
        // Cut at the end of the grace ("read nothing for 1 s"), or at once past twice the bound: lagged either way.
        Assert.NotNull(lagged.Detail);
        // The stalled subscriber got at most the bound before it was cut.
        var report = FishForMessage<object>(m => m is not Terminated, Ceiling);
        Assert.True(report is 200_000L, $"the reading subscriber reported {report}");
        Sys.Stop(session);
        ExpectTerminated(session, Ceiling);
        await _fleet["gushing"].WaitForAsync(p => p.Open == 0, Ceiling);
    }

    /// <summary>A subscriber that acknowledges everything it is charged for, undecodable-line reports included, and
    /// reports their count once the stream's run_end arrives.</summary>
    private sealed class AckingAllSubscriber : ReceiveActor
    {
        public AckingAllSubscriber(IActorRef report)
        {
            var undecodable = 0;
            Receive<PodSession.UndecodableLine>(bad =>
            {
                Sender.Tell(new PodSession.Ack(bad.Bytes));
                undecodable++;
            });
            Receive<PodSession.EventsReceived>(batch =>
            {
                Sender.Tell(new PodSession.Ack(batch.Bytes));
                if (batch.Events.Any(e => e.Event is RunEndEvent))
                    report.Tell(undecodable);
            });
            Receive<PodSession.Connected>(_ => { });
            Receive<PodSession.Detached>(d => report.Tell(d));
        }
    }

    [Fact]
    public async Task Undecodable_lines_count_against_the_backlog_until_acknowledged_so_a_stream_of_them_never_pauses_the_pod_for_good()
    {
        // Each bad line is charged ~150 bytes: 100,000 of them are ~14 times this bound. Reports that cannot be
        // acknowledged pause the reading for ever (or get the subscriber cut lagged) long before the run_end behind
        // them, and reports that take no reader credit outrun any subscriber past twice the bound.
        const int BadLines = 100_000;
        using var dir = new TempRuntimeDir();
        var path = dir.File("garbage.sock");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var serving = Task.Run(async () =>
        {
            using var pod = await listener.AcceptAsync();
            var text = new System.Text.StringBuilder();
            text.Append("{\"event\":\"text_delta\",\"data\":{\"text\":\"before\"}}\n");
            for (var i = 0; i < BadLines; i++)
                text.Append("not a json line ").Append(i).Append('\n');
            text.Append("{\"event\":\"run_end\",\"data\":{\"result\":\"finished\"}}\n");
            var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
            for (var sent = 0; sent < bytes.Length;)
                sent += await pod.SendAsync(bytes.AsMemory(sent), System.Net.Sockets.SocketFlags.None);
            // Keep the connection open: the session must get through on acknowledgements, not on the end of the stream.
            var rest = new byte[256];
            while (await pod.ReceiveAsync(rest, System.Net.Sockets.SocketFlags.None) > 0)
            {
            }
        });

        var reading = Sys.ActorOf(Props.Create(() => new AckingAllSubscriber(TestActor)));
        var session = Sys.ActorOf(PodSessionActor.Props("garbage", path, 64 * 1024, reading, maxBacklogBytes: 1024 * 1024));
        Watch(session);
        var report = FishForMessage<object>(m => m is int or PodSession.Detached, TimeSpan.FromSeconds(60));
        Assert.Equal(BadLines, Assert.IsType<int>(report));
        Sys.Stop(session);
        ExpectTerminated(session, Ceiling);
        await serving.WaitAsync(Ceiling);
    }
}
