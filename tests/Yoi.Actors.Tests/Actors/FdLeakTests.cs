using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Connections;
using Yoi.Actors.Diagnostics;
using Yoi.Actors.Probing;
using Yoi.Actors.Registry;
using Yoi.Simulation;
using Yoi.Actors.Supervision;
using Yoi.Actors.Tests.Support;
using Yoi.Testing;
using Xunit.Abstractions;

namespace Yoi.Actors.Tests.Actors;

/// <summary>The original tool's bug, checked at the OS level: every probe's socket is closed when the probe ends.</summary>
[Collection(FdSensitiveCollection.Name)]
public sealed class FdLeakTests : TestKit, IAsyncLifetime
{
    private readonly ITestOutputHelper _output;

    public FdLeakTests(ITestOutputHelper output)
        : base(output: output) => _output = output;

    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    // Runtime threads and pools may open a few descriptors of their own (epoll, eventfd, …).
    private const int Slack = 8;

    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync() =>
        _fleet = await SimulatedFleetFixture.StartAsync(SimulatedFleet.FaultFleet(normalCount: 4),
            new SimulationOptions { HugeLineBytes = 256 * 1024 });

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
    }

    private IReadOnlyList<SimulatedPod> LivePods =>
        _fleet.Pods.Where(p => p.Mode is PodMode.Normal).ToList();

    /// <summary>Warms up the runtime (thread pool, socket engine) so the baseline is not taken before its own fds exist.</summary>
    private async Task<int> BaselineAsync()
    {
        var pod = LivePods[0];
        for (var i = 0; i < 20; i++)
        {
            var probe = Sys.ActorOf(ProbeActor.Props(Allocation(pod), TestActor, TimeSpan.FromSeconds(5), 64 * 1024));
            ExpectMsg<ProbeResult>(Ceiling);
        }

        await pod.WaitForAsync(p => p.Open == 0, Ceiling);
        return ProcessResources.OpenFileDescriptors();
    }

    private static PodAllocation Allocation(SimulatedPod pod) => PodAllocation.Of(pod.Name, Environment.ProcessId, pod.SocketPath);

    [Fact]
    public async Task A_thousand_probes_leave_no_descriptor_behind_and_the_pods_see_every_connection_closed()
    {
        var before = await BaselineAsync();
        var pods = LivePods;
        var acceptedBefore = pods.Sum(p => p.Accepted);

        for (var round = 0; round < 1000 / pods.Count; round++)
        {
            foreach (var pod in pods)
                Sys.ActorOf(ProbeActor.Props(Allocation(pod), TestActor, TimeSpan.FromSeconds(5), 64 * 1024));
            for (var i = 0; i < pods.Count; i++)
                Assert.Equal(ProbeOutcome.Ok, ExpectMsg<ProbeResult>(Ceiling).Outcome);
        }

        foreach (var pod in pods)
            await pod.WaitForAsync(p => p.Open == 0 && p.PeerClosed == p.Accepted, Ceiling);
        var after = await Eventually.Until(ProcessResources.OpenFileDescriptors, fds => fds <= before + Slack, Ceiling, "open fds");
        _output.WriteLine($"1000 probes: fds before {before}, after {after}; accepted {pods.Sum(p => p.Accepted) - acceptedBefore}");
        Assert.Equal(1000, pods.Sum(p => p.Accepted) - acceptedBefore);
    }

    [Fact]
    public async Task A_thousand_raw_connections_created_and_stopped_leave_no_descriptor_behind()
    {
        var before = await BaselineAsync();
        var pod = LivePods[0];
        var acceptedBefore = pod.Accepted;

        for (var batch = 0; batch < 10; batch++)
        {
            var connections = Enumerable.Range(0, 100)
                .Select(_ => Sys.ActorOf(PodConnectionActor.Props(pod.Name, pod.SocketPath)))
                .ToList();
            await pod.WaitForAsync(p => p.Accepted - acceptedBefore >= (batch + 1) * 100, Ceiling);
            foreach (var connection in connections)
            {
                Watch(connection);
                Sys.Stop(connection);
            }

            // Terminated arrives in any order.
            // Terminated arrives in any order; nothing else is sent to the test actor here.
            var terminated = Enumerable.Range(0, connections.Count).Select(_ => ExpectMsg<Terminated>(Ceiling).ActorRef).ToHashSet();
            Assert.True(terminated.SetEquals(connections));
        }

        await pod.WaitForAsync(p => p.Open == 0 && p.PeerClosed == p.Accepted, Ceiling);
        var after = await Eventually.Until(ProcessResources.OpenFileDescriptors, fds => fds <= before + Slack, Ceiling, "open fds");
        _output.WriteLine($"1000 connections: fds before {before}, after {after}");
    }

    [Fact]
    public async Task The_fault_fleet_is_classified_and_fifty_cycles_leave_the_fd_count_flat()
    {
        var supervisor = Sys.ActorOf(PodSupervisor.Props(new SupervisorSettings
        {
            RuntimeDir = _fleet.RuntimeDir,
            Period = TimeSpan.FromMinutes(10),
            MaxLineBytes = 64 * 1024,
        }));
        supervisor.Tell(Fleet.ProbeAll.Instance);
        var first = ExpectMsg<Fleet.CycleCompleted>(Ceiling);

        var expected = new Dictionary<PodMode, ProbeOutcome>
        {
            [PodMode.Normal] = ProbeOutcome.Ok,
            [PodMode.Silent] = ProbeOutcome.NoStatus,
            [PodMode.Slow] = ProbeOutcome.NoStatus,
            [PodMode.PartialLine] = ProbeOutcome.NoStatus,
            [PodMode.Garbage] = ProbeOutcome.ProtocolError,
            [PodMode.UnknownVariants] = ProbeOutcome.Ok,
            [PodMode.HugeLine] = ProbeOutcome.ProtocolError,
            [PodMode.CloseAtOnce] = ProbeOutcome.Closed,
            [PodMode.Refused] = ProbeOutcome.Refused,
            [PodMode.Missing] = ProbeOutcome.Missing,
            [PodMode.Stale] = ProbeOutcome.Stale,
            [PodMode.Flood] = ProbeOutcome.Ok,
        };
        Assert.True(first.Results.Count >= 12);
        foreach (var result in first.Results)
        {
            var mode = _fleet[result.Pod].Mode;
            _output.WriteLine($"{result.Pod,-18} {mode,-16} {result.Outcome.ToWireName(),-15} {result.Detail}");
            Assert.Equal(expected[mode], result.Outcome);
        }

        var before = ProcessResources.OpenFileDescriptors();
        for (var i = 0; i < 50; i++)
        {
            supervisor.Tell(Fleet.ProbeAll.Instance);
            ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        }

        foreach (var pod in _fleet.Pods)
            await pod.WaitForAsync(p => p.Open == 0, Ceiling);
        var after = await Eventually.Until(ProcessResources.OpenFileDescriptors, fds => fds <= before + Slack, Ceiling, "open fds");
        _output.WriteLine($"50 cycles: fds before {before}, after {after}");
        supervisor.Tell(Fleet.GetView.Instance);
        Assert.Equal(0, ExpectMsg<Fleet.View>(Ceiling).OpenConnections);
    }
}
