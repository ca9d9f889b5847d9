using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;
using Yoi.Actors.Sessions;
using Yoi.Actors.Supervision;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Supervision;

/// <summary>June pods and August workers in one runtime directory, with a name in both files and a row whose file
/// contradicts its greeting.</summary>
public sealed class MixedFleetTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(20);
    private readonly TempRuntimeDir _dir = new();
    private SimulatedFleet _pods = null!;
    private SimulatedFleet _workers = null!;

    public async Task InitializeAsync()
    {
        _pods = await SimulatedFleet.StartAsync(_dir.Path, [new PodSpec("p1", PodMode.Normal)]);
        _workers = await SimulatedFleet.StartAsync(_dir.Path, [new PodSpec("w1", PodMode.Normal)],
            SimulationOptions.Default with { Dialect = Dialect.Worker });
        var workersJson = PodRegistry.PathIn(_dir.Path, RegistryFlavor.Workers);
        // "p1" is in both files (its workers.json row is w1's socket); "liar" is a June pod listed in workers.json.
        PodRegistry.Register(workersJson, PodAllocation.Of("p1", Environment.ProcessId, _workers["w1"].SocketPath));
        PodRegistry.Register(workersJson, PodAllocation.Of("liar", Environment.ProcessId, _pods["p1"].SocketPath));
    }

    public async Task DisposeAsync()
    {
        await _workers.DisposeAsync();
        await _pods.DisposeAsync();
        _dir.Dispose();
    }

    private IActorRef StartSupervisor() =>
        Sys.ActorOf(PodSupervisor.Props(new SupervisorSettings
        {
            RuntimeDir = _dir.Path,
            Period = TimeSpan.FromMinutes(10),
            ProbeTimeout = TimeSpan.FromSeconds(3),
        }));

    [Fact]
    public void Every_row_carries_its_files_dialect_confirmed_or_contradicted_by_its_greeting()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(Fleet.ProbeAll.Instance);
        var cycle = ExpectMsg<Fleet.CycleCompleted>(Ceiling);

        Assert.Null(cycle.RegistryError);
        Assert.Equal(4, cycle.Results.Count);
        Assert.Equal(
            [("liar", Dialect.Worker, Dialect.Pod), ("p1", Dialect.Pod, Dialect.Pod), ("p1", Dialect.Worker, Dialect.Worker), ("w1", Dialect.Worker, Dialect.Worker)],
            cycle.View.Pods.Select(p => (p.Name, p.Dialect, p.GreetedDialect!.Value)));
        Assert.Equal(["liar"], cycle.View.Pods.Where(p => p.DialectMismatch).Select(p => p.Name));
        Assert.Equal(["pod:p1", "worker:p1"], cycle.View.Pods.Where(p => p.NameInBothFiles).Select(p => p.QualifiedName));
        Assert.All(cycle.View.Pods, p => Assert.True(p.Healthy));
    }

    [Fact]
    public void A_name_in_both_files_must_be_qualified_and_each_qualified_name_reaches_its_own_row()
    {
        var supervisor = StartSupervisor();
        supervisor.Tell(new Fleet.SendMethod("p1", CancelMethod.Instance, "bare"));
        var refused = ExpectMsg<Fleet.UnknownPod>(Ceiling);
        Assert.Equal("bare", refused.CorrelationId);
        Assert.Contains("pod:p1", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("worker:p1", refused.Reason, StringComparison.Ordinal);

        supervisor.Tell(new Fleet.ProbePod("p1"));
        Assert.Contains("both", ExpectMsg<Fleet.UnknownPod>(Ceiling).Reason, StringComparison.Ordinal);

        // The worker row (w1's socket) answers in the worker dialect, the pod row in the pod one.
        supervisor.Tell(new Fleet.ProbePod("worker:p1"));
        Assert.Equal(Dialect.Worker, ExpectMsg<Probing.ProbeResult>(Ceiling).Dialect);
        supervisor.Tell(new Fleet.ProbePod("pod:p1"));
        Assert.Equal(Dialect.Pod, ExpectMsg<Probing.ProbeResult>(Ceiling).Dialect);

        supervisor.Tell(new Fleet.SendMethod("nope:p1", CancelMethod.Instance));
        Assert.Contains("no pod named 'nope:p1'", ExpectMsg<Fleet.UnknownPod>(Ceiling).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_without_equivalent_in_the_workers_dialect_is_refused_and_nothing_is_sent()
    {
        var supervisor = StartSupervisor();
        // After a cycle, no probe is under way: any further connection would be the send's.
        supervisor.Tell(Fleet.ProbeAll.Instance);
        ExpectMsg<Fleet.CycleCompleted>(Ceiling);
        var accepted = _workers["w1"].Accepted;
        supervisor.Tell(new Fleet.SendMethod("w1", new ListCompletionsMethod(CompletionKind.Knowledge, ""), "k"));
        var failed = ExpectMsg<PodSession.SendFailed>(Ceiling);
        Assert.True(failed.DialectMismatch);
        Assert.Equal("k", failed.CorrelationId);
        Assert.Contains("nothing was sent", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(accepted, _workers["w1"].Accepted);

        // Through an attached session too; the session stays usable.
        var watcher = CreateTestProbe();
        supervisor.Tell(new Fleet.Attach("w1", watcher.Ref));
        var session = ExpectMsg<Fleet.Attached>(Ceiling).Session;
        session.Tell(new PodSession.Send(new ListCompletionsMethod(CompletionKind.Workflow, ""), "s"));
        Assert.True(ExpectMsg<PodSession.SendFailed>(Ceiling).DialectMismatch);

        // A June method name is written the worker way: the worker answers workers_listed (list_pods would be an error).
        session.Tell(new PodSession.Send(ListPodsMethod.Instance, "l"));
        Assert.Equal("l", ExpectMsg<PodSession.Sent>(Ceiling).CorrelationId);
        watcher.FishForMessage(m => m is PodSession.EventsReceived r && r.Events.Any(e => e.Event is WorkersListedEvent), Ceiling);
    }

    [Fact]
    public void A_worker_is_written_in_its_dialect_and_a_pod_in_its_own()
    {
        var supervisor = StartSupervisor();
        var watcher = CreateTestProbe();
        supervisor.Tell(new Fleet.Attach("p1", watcher.Ref));
        Assert.Contains("both", ExpectMsg<Fleet.AttachFailed>(Ceiling).Reason, StringComparison.Ordinal);

        supervisor.Tell(new Fleet.Attach("pod:p1", watcher.Ref));
        var session = ExpectMsg<Fleet.Attached>(Ceiling).Session;
        session.Tell(new PodSession.Send(ListWorkersMethod.Instance, "w"));
        Assert.Equal("w", ExpectMsg<PodSession.Sent>(Ceiling).CorrelationId);
        watcher.FishForMessage(m => m is PodSession.EventsReceived r && r.Events.Any(e => e.Event is PodsListedEvent), Ceiling);
    }
}
