using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Connections;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Actors;

public sealed class ConnectionActorTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(10);
    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync() =>
        _fleet = await SimulatedFleetFixture.StartAsync(
            [
                new PodSpec("normal", PodMode.Normal),
                new PodSpec("refused", PodMode.Refused),
                new PodSpec("missing", PodMode.Missing),
                new PodSpec("closer", PodMode.CloseAtOnce),
                new PodSpec("garbage", PodMode.Garbage),
                new PodSpec("huge", PodMode.HugeLine),
                new PodSpec("partial", PodMode.PartialLine),
            ],
            new SimulationOptions { HugeLineBytes = 256 * 1024 });

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
    }

    /// <summary>The connection under test runs as the child of a forwarding parent, so TestActor sees what an owner sees.</summary>
    private IActorRef Connect(string pod, int maxLineBytes = 64 * 1024) => ConnectWithOwner(pod, maxLineBytes).Connection;

    private (IActorRef Owner, IActorRef Connection) ConnectWithOwner(string pod, int maxLineBytes = 64 * 1024, LineDecoding decoding = LineDecoding.Events)
    {
        var socket = _fleet[pod].SocketPath;
        var owner = ActorOfAsTestActorRef<ForwardingOwner>(
            Props.Create(() => new ForwardingOwner(TestActor, PodConnectionActor.Props(pod, socket, maxLineBytes, decoding))));
        var connection = owner.UnderlyingActor.Child;
        Watch(connection);
        return (owner, connection);
    }

    [Fact]
    public async Task Connected_pod_sends_its_snapshot_and_stopping_the_actor_closes_the_socket()
    {
        var connection = Connect("normal");
        ExpectMsg<PodConnection.Connected>(Ceiling);
        var snapshot = FishForMessage<PodConnection.Received>(r => r.Events.Any(e => e.Event is SnapshotEvent), Ceiling);
        Assert.Contains(snapshot.Events, e => e.Line.StartsWith("{\"event\":\"snapshot\"", StringComparison.Ordinal));

        Sys.Stop(connection);
        FishForMessage<Terminated>(t => t.ActorRef.Equals(connection), Ceiling);
        await _fleet["normal"].WaitForAsync(p => p.PeerClosed == 1 && p.Open == 0, Ceiling);
    }

    [Fact]
    public void A_status_only_connection_delivers_statuses_and_nothing_else()
    {
        var (_, connection) = ConnectWithOwner("normal", decoding: LineDecoding.StatusOnly);
        ExpectMsg<PodConnection.Connected>(Ceiling);
        // The pod writes an alert before its snapshot: skipped, so the snapshot's status is the next thing delivered.
        Assert.Equal(PodStatus.Idle, ExpectMsg<PodConnection.StatusReceived>(Ceiling).Status);

        // A run streams deltas, turn and usage events between its `running` and `idle` statuses: none is delivered.
        connection.Tell(new PodConnection.Send(new RunMethod([new TextSegment("hello")])));
        var seen = new List<object>();
        FishForMessage(m =>
        {
            seen.Add(m);
            return m is PodConnection.StatusReceived { Status: PodStatus.Idle };
        }, Ceiling);
        Assert.Contains(seen, m => m is PodConnection.StatusReceived { Status: PodStatus.Running });
        Assert.DoesNotContain(seen, m => m is PodConnection.Received or PodConnection.UndecodableLine);
    }

    [Fact]
    public void A_status_only_connection_reports_a_garbage_line()
    {
        ConnectWithOwner("garbage", decoding: LineDecoding.StatusOnly);
        ExpectMsg<PodConnection.Connected>(Ceiling);
        var bad = FishForMessage<PodConnection.UndecodableLine>(_ => true, Ceiling);
        Assert.Contains("invalid JSON", bad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_socket_is_reported_and_the_actor_ends()
    {
        var connection = Connect("refused");
        var failed = ExpectMsg<PodConnection.ConnectFailed>(Ceiling);
        Assert.Equal(ConnectError.Refused, failed.Error);
        ExpectTerminated(connection, Ceiling);
    }

    [Fact]
    public void Missing_socket_is_reported_and_the_actor_ends()
    {
        var connection = Connect("missing");
        var failed = ExpectMsg<PodConnection.ConnectFailed>(Ceiling);
        Assert.Equal(ConnectError.Missing, failed.Error);
        ExpectTerminated(connection, Ceiling);
    }

    [Fact]
    public void Peer_close_ends_the_connection()
    {
        var connection = Connect("closer");
        ExpectMsg<PodConnection.Connected>(Ceiling);
        var ended = FishForMessage<PodConnection.Disconnected>(_ => true, Ceiling);
        Assert.Equal(DisconnectReason.PeerClosed, ended.Reason);
        ExpectTerminated(connection, Ceiling);
    }

    [Fact]
    public async Task Garbage_line_is_reported_and_skipped_without_ending_the_connection()
    {
        var connection = Connect("garbage");
        ExpectMsg<PodConnection.Connected>(Ceiling);
        var bad = FishForMessage<PodConnection.UndecodableLine>(_ => true, Ceiling);
        Assert.Equal(0, bad.Offset);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Sys.Stop(connection);
        ExpectTerminated(connection, Ceiling);
        await _fleet["garbage"].WaitForAsync(p => p.PeerClosed == 1, Ceiling);
    }

    [Fact]
    public async Task Line_too_long_ends_the_connection()
    {
        var connection = Connect("huge", maxLineBytes: 64 * 1024);
        ExpectMsg<PodConnection.Connected>(Ceiling);
        var ended = FishForMessage<PodConnection.Disconnected>(_ => true, Ceiling);
        Assert.Equal(DisconnectReason.LineTooLong, ended.Reason);
        ExpectTerminated(connection, Ceiling);
        await _fleet["huge"].WaitForAsync(p => p.Open == 0, Ceiling);
    }

    [Fact]
    public async Task Blocked_reader_is_torn_down_when_its_owner_stops_and_the_pod_sees_EOF()
    {
        var (owner, connection) = ConnectWithOwner("partial");
        ExpectMsg<PodConnection.Connected>(Ceiling);
        // The pod wrote half a line and stalls; nothing can be delivered.
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Sys.Stop(owner);
        ExpectTerminated(connection, Ceiling);
        await _fleet["partial"].WaitForAsync(p => p.PeerClosed == 1 && p.Open == 0, Ceiling);
    }

    [Fact]
    public async Task Sends_before_the_connection_is_up_are_written_in_order_and_acknowledged()
    {
        var connection = Connect("normal");
        connection.Tell(new PodConnection.Send(new NotifyMethod("first")), TestActor);
        connection.Tell(new PodConnection.Send(PauseMethod.Instance), TestActor);

        var first = FishForMessage<PodSession.Sent>(_ => true, Ceiling);
        Assert.Equal("notify", first.Method);
        var second = FishForMessage<PodSession.Sent>(_ => true, Ceiling);
        Assert.Equal("pause", second.Method);
        await _fleet["normal"].WaitForAsync(p => p.MethodsReceived >= 2, Ceiling);

        Sys.Stop(connection);
        FishForMessage<Terminated>(t => t.ActorRef.Equals(connection), Ceiling);
    }

    [Fact]
    public async Task Actor_system_shutdown_closes_every_socket()
    {
        var system = ActorSystem.Create("shutdown-" + Guid.NewGuid().ToString("N")[..6]);
        var pod = _fleet["normal"];
        for (var i = 0; i < 5; i++)
            system.ActorOf(PodConnectionActor.Props("normal", pod.SocketPath), $"c{i}");
        await pod.WaitForAsync(p => p.Accepted == 5, Ceiling);

        await system.Terminate();
        await pod.WaitForAsync(p => p.PeerClosed == 5 && p.Open == 0, Ceiling);
    }

    /// <summary>Owns one connection child and forwards everything it gets to the test.</summary>
    private sealed class ForwardingOwner : ReceiveActor
    {
        public ForwardingOwner(IActorRef target, Props child)
        {
            Child = Context.ActorOf(child, "connection");
            ReceiveAny(message => target.Forward(message));
        }

        public IActorRef Child { get; }
    }
}
