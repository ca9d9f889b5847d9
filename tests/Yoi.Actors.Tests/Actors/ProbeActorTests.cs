using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Actors;

public sealed class ProbeActorTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(200);
    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync() =>
        _fleet = await SimulatedFleetFixture.StartAsync(
            Enum.GetValues<PodMode>().Select(mode => new PodSpec(mode.ToString().ToLowerInvariant(), mode)),
            new SimulationOptions { HugeLineBytes = 256 * 1024, SlowDelay = TimeSpan.FromSeconds(2) });

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
    }

    private PodAllocation Allocation(string pod) =>
        PodRegistry.Read(_fleet.RegistryPath).Single(a => a.PodName == pod);

    private ProbeResult Probe(string pod, TimeSpan deadline, out IActorRef probe)
    {
        probe = Sys.ActorOf(ProbeActor.Props(Allocation(pod), TestActor, deadline, 64 * 1024));
        Watch(probe);
        var result = ExpectMsg<ProbeResult>(Ceiling);
        ExpectTerminated(probe, Ceiling);
        return result;
    }

    [Theory]
    [InlineData(PodMode.Normal, ProbeOutcome.Ok)]
    [InlineData(PodMode.UnknownVariants, ProbeOutcome.Ok)]
    [InlineData(PodMode.Flood, ProbeOutcome.Ok)]
    [InlineData(PodMode.Silent, ProbeOutcome.NoStatus)]
    [InlineData(PodMode.Slow, ProbeOutcome.NoStatus)]
    [InlineData(PodMode.PartialLine, ProbeOutcome.NoStatus)]
    [InlineData(PodMode.CloseAtOnce, ProbeOutcome.Closed)]
    [InlineData(PodMode.Refused, ProbeOutcome.Refused)]
    [InlineData(PodMode.Missing, ProbeOutcome.Missing)]
    [InlineData(PodMode.Stale, ProbeOutcome.Stale)]
    // Garbage writes one non-JSON line and nothing else: protocol-error once the deadline passes with nothing decodable.
    [InlineData(PodMode.Garbage, ProbeOutcome.ProtocolError)]
    [InlineData(PodMode.HugeLine, ProbeOutcome.ProtocolError)]
    public async Task Every_ending_replies_once_stops_the_probe_and_closes_its_socket(PodMode mode, ProbeOutcome expected)
    {
        var name = mode.ToString().ToLowerInvariant();
        // Only no-status depends on the deadline; the other endings get a generous one, so a loaded machine cannot turn
        // them into no-status.
        // Garbage too depends on it now (it waits for a status after the bad line), so it gets the short one.
        var result = Probe(name, expected == ProbeOutcome.NoStatus || mode == PodMode.Garbage ? Deadline : TimeSpan.FromSeconds(5), out _);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(name, result.Pod);
        if (expected == ProbeOutcome.Ok)
        {
            Assert.Equal(PodStatus.Idle, result.Status);
            Assert.Equal(Dialect.Pod, result.Dialect);
        }
        else
        {
            Assert.NotNull(result.Detail);
            Assert.Null(result.Dialect);
        }

        if (mode == PodMode.Garbage)
            Assert.Contains("only 1 undecodable line(s); the first: undecodable line at byte 0: invalid JSON", result.Detail, StringComparison.Ordinal);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Whatever the ending, the pod sees every connection it accepted closed by us.
        var pod = _fleet[name];
        await pod.WaitForAsync(p => p.Open == 0, Ceiling);
    }

    [Fact]
    public async Task A_requester_that_dies_takes_its_probe_and_socket_with_it()
    {
        var requester = CreateTestProbe();
        var probe = Sys.ActorOf(ProbeActor.Props(Allocation("silent"), requester.Ref, TimeSpan.FromMinutes(5), 64 * 1024));
        Watch(probe);
        await _fleet["silent"].WaitForAsync(p => p.Open == 1, Ceiling);

        Sys.Stop(requester.Ref);
        ExpectTerminated(probe, Ceiling);
        await _fleet["silent"].WaitForAsync(p => p.Open == 0 && p.PeerClosed == 1, Ceiling);
    }

    [Fact]
    public async Task A_probe_stopped_from_outside_still_answers_and_closes_its_socket()
    {
        var probe = Sys.ActorOf(ProbeActor.Props(Allocation("silent"), TestActor, TimeSpan.FromMinutes(5), 64 * 1024));
        Watch(probe);
        await _fleet["silent"].WaitForAsync(p => p.Open == 1, Ceiling);

        Sys.Stop(probe);
        var result = ExpectMsg<ProbeResult>(Ceiling);
        Assert.Equal(ProbeOutcome.ProtocolError, result.Outcome);
        ExpectTerminated(probe, Ceiling);
        await _fleet["silent"].WaitForAsync(p => p.Open == 0, Ceiling);
    }

    private const string WorkerSnapshot =
        """{"event":"snapshot","data":{"entries":[],"greeting":{"worker_name":"w","cwd":"/tmp","provider":"p","model":"m","scope_summary":"s","tools":[],"context_window":0,"context_tokens":0},"status":"running"}}""";

    [Fact]
    public async Task A_status_after_undecodable_lines_is_ok_and_counts_what_it_skipped()
    {
        await using var pod = ScriptedPod.Start(_fleet.RuntimeDir, "stray", "this is not json {", """{"event":"status","data":{"status":"asleep"}}""", WorkerSnapshot);

        var result = Probe(pod.Allocation, TimeSpan.FromSeconds(5));

        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        Assert.Equal(PodStatus.Running, result.Status);
        Assert.Equal("skipped 2 undecodable line(s)", result.Detail);
        Assert.Equal(Dialect.Worker, result.Dialect);
        await pod.WaitUntilClosedAsync(Ceiling);
    }

    [Fact]
    public async Task Only_undecodable_lines_until_the_deadline_is_a_protocol_error_naming_the_first()
    {
        await using var pod = ScriptedPod.Start(_fleet.RuntimeDir, "junk", """{"event":"status","data":{"status":"asleep"}}""", "[1,2]");

        var result = Probe(pod.Allocation, Deadline);

        Assert.Equal(ProbeOutcome.ProtocolError, result.Outcome);
        Assert.Null(result.Status);
        Assert.StartsWith("no status within 200 ms, only 2 undecodable line(s); the first: undecodable line at byte 0: event `status`: unknown status `asleep`",
            result.Detail, StringComparison.Ordinal);
        await pod.WaitUntilClosedAsync(Ceiling);
    }

    [Fact]
    public async Task A_close_after_only_undecodable_lines_is_a_protocol_error()
    {
        await using var pod = ScriptedPod.Start(_fleet.RuntimeDir, "quits", closeAfterWriting: true, "not json");

        var result = Probe(pod.Allocation, TimeSpan.FromSeconds(5));

        Assert.Equal(ProbeOutcome.ProtocolError, result.Outcome);
        Assert.Contains("after 1 undecodable line(s); the first: undecodable line at byte 0: invalid JSON", result.Detail, StringComparison.Ordinal);
    }

    private ProbeResult Probe(PodAllocation allocation, TimeSpan deadline)
    {
        var probe = Sys.ActorOf(ProbeActor.Props(allocation, TestActor, deadline, 64 * 1024));
        Watch(probe);
        var result = ExpectMsg<ProbeResult>(Ceiling);
        ExpectTerminated(probe, Ceiling);
        return result;
    }

    /// <summary>A pod on a real Unix socket that writes a fixed script to its one client (each line in one write), then
    /// waits for the client to close — or closes itself.</summary>
    private sealed class ScriptedPod : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly Task _serving;
        private readonly CancellationTokenSource _stop = new();
        private int _closedByClient;

        private ScriptedPod(string socketPath, bool closeAfterWriting, string[] lines)
        {
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            _listener.Listen(1);
            _serving = ServeAsync(closeAfterWriting, lines, _stop.Token);
        }

        public required PodAllocation Allocation { get; init; }

        public static ScriptedPod Start(string dir, string name, params string[] lines) => Start(dir, name, false, lines);

        public static ScriptedPod Start(string dir, string name, bool closeAfterWriting, params string[] lines)
        {
            var socket = Path.Combine(dir, name + ".sock");
            return new ScriptedPod(socket, closeAfterWriting, lines)
            {
                Allocation = PodAllocation.Of(name, Environment.ProcessId, socket),
            };
        }

        public Task WaitUntilClosedAsync(TimeSpan within) =>
            Eventually.Until(() => Volatile.Read(ref _closedByClient), closed => closed == 1, within, "the probe closing its socket");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            try
            {
                await _serving;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped while accepting or reading: expected on dispose.
            }

            _stop.Dispose();
        }

        private async Task ServeAsync(bool closeAfterWriting, string[] lines, CancellationToken token)
        {
            using var client = await _listener.AcceptAsync(token);
            foreach (var line in lines)
                await client.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), SocketFlags.None, token);
            if (closeAfterWriting)
                return;
            var buffer = new byte[1024];
            while (await client.ReceiveAsync(buffer, SocketFlags.None, token) > 0)
            {
            }

            Volatile.Write(ref _closedByClient, 1);
        }
    }
}
