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
    [InlineData(PodMode.Garbage, ProbeOutcome.ProtocolError)]
    [InlineData(PodMode.HugeLine, ProbeOutcome.ProtocolError)]
    public async Task Every_ending_replies_once_stops_the_probe_and_closes_its_socket(PodMode mode, ProbeOutcome expected)
    {
        var name = mode.ToString().ToLowerInvariant();
        // Only no-status depends on the deadline; the other endings get a generous one, so a loaded machine cannot turn
        // them into no-status.
        var result = Probe(name, expected == ProbeOutcome.NoStatus ? Deadline : TimeSpan.FromSeconds(5), out _);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(name, result.Pod);
        if (expected == ProbeOutcome.Ok)
            Assert.Equal(PodStatus.Idle, result.Status);
        else
            Assert.NotNull(result.Detail);
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
}
