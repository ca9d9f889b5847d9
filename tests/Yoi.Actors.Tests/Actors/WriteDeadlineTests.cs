using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Connections;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Actors;

/// <summary>A pod that accepts and never reads: a write larger than the socket buffers must end at its deadline, the
/// sender told <c>timeout</c>, the socket closed.</summary>
public sealed class WriteDeadlineTests : TestKit
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(10);
    private readonly TempRuntimeDir _dir = new();
    private readonly Socket _deafPod = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public WriteDeadlineTests()
    {
        _deafPod.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _deafPod.Listen(4);
    }

    private string SocketPath => _dir.File("deaf.sock");

    [Fact]
    public async Task A_write_the_pod_never_takes_fails_timeout_at_its_deadline_and_closes_the_socket()
    {
        var deadline = TimeSpan.FromMilliseconds(500);
        var owner = Sys.ActorOf(Props.Create(() => new ForwardingOwner(TestActor,
            PodConnectionActor.Props("deaf", SocketPath, 64 * 1024, LineDecoding.Events, deadline))));
        var connection = await owner.Ask<IActorRef>(ForwardingOwner.GetChild.Instance, Ceiling);
        Watch(connection);
        ExpectMsg<PodConnection.Connected>(Ceiling);
        using var server = await _deafPod.AcceptAsync();

        var started = DateTime.UtcNow;
        connection.Tell(new PodConnection.Send(new RunMethod([new TextSegment(new string('x', 400 * 1024))])), TestActor);
        var failed = FishForMessage<PodSession.SendFailed>(_ => true, Ceiling);
        var took = DateTime.UtcNow - started;
        Assert.StartsWith(PodConnectionActor.WriteTimeoutReason + ":", failed.Reason);
        Assert.Equal("run", failed.Method);
        Assert.True(took >= deadline - TimeSpan.FromMilliseconds(50), $"failed after {took}, before the deadline");

        // The owner hears of the end one hop later than the watcher of its termination: either may come first.
        PodConnection.Disconnected? ended = null;
        var terminated = false;
        FishForMessage(m =>
        {
            ended ??= m as PodConnection.Disconnected;
            terminated |= m is Terminated t && t.ActorRef.Equals(connection);
            return ended is not null && terminated;
        }, Ceiling);
        Assert.Equal(DisconnectReason.WriteError, ended!.Reason);
        Assert.Contains("timed out", ended.Detail);

        // The pod's end sees the close once it reads what was buffered.
        await AssertClosedAsync(server);
    }

    [Fact]
    public async Task A_write_that_completes_is_acknowledged_and_its_deadline_does_not_end_the_connection_later()
    {
        var deadline = TimeSpan.FromMilliseconds(300);
        var owner = Sys.ActorOf(Props.Create(() => new ForwardingOwner(TestActor,
            PodConnectionActor.Props("deaf", SocketPath, 64 * 1024, LineDecoding.Events, deadline))));
        ExpectMsg<PodConnection.Connected>(Ceiling);
        var child = await owner.Ask<IActorRef>(ForwardingOwner.GetChild.Instance, Ceiling);
        Watch(child);
        child.Tell(new PodConnection.Send(new RunMethod([new TextSegment("small")])), TestActor);
        ExpectMsg<PodSession.Sent>(Ceiling);
        // Three deadlines later the connection is still up: a finished write's timer is disarmed.
        ExpectNoMsg(deadline * 3);
        child.Tell(new PodConnection.Send(new RunMethod([new TextSegment("again")])), TestActor);
        ExpectMsg<PodSession.Sent>(Ceiling);
    }

    [Fact]
    public void Out_of_descriptors_maps_to_protocol_error()
    {
        Assert.Equal(ProbeOutcome.ProtocolError, ProbeOutcomes.FromConnectError(ConnectError.NoDescriptor));
        Assert.Equal(ProbeOutcome.Refused, ProbeOutcomes.FromConnectError(ConnectError.Refused));
        Assert.Equal(ProbeOutcome.Missing, ProbeOutcomes.FromConnectError(ConnectError.Missing));
        Assert.Equal(ProbeOutcome.Denied, ProbeOutcomes.FromConnectError(ConnectError.Denied));
    }

    private static async Task AssertClosedAsync(Socket server)
    {
        var buffer = new byte[256 * 1024];
        using var cts = new CancellationTokenSource(Ceiling);
        while (await server.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
        {
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _deafPod.Dispose();
        _dir.Dispose();
    }

    private sealed class ForwardingOwner : ReceiveActor
    {
        public sealed record GetChild
        {
            public static GetChild Instance { get; } = new();
        }

        public ForwardingOwner(IActorRef target, Props child)
        {
            var connection = Context.ActorOf(child, "connection");
            Receive<GetChild>(_ => Sender.Tell(connection));
            ReceiveAny(message => target.Forward(message));
        }
    }
}
