using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Registry;
using Yoi.Actors.Supervision;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Registry;

/// <summary>Issue 10's symptom, end to end: a FIFO at pods.json used to block the reading thread in openat for good,
/// freezing the supervisor's cycles even after the FIFO was gone.</summary>
public sealed class SupervisorRegistryTests : TestKit
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_fifo_at_pods_json_is_a_registry_error_every_cycle_and_the_cycles_go_on_after_it_is_gone()
    {
        using var dir = new TempRuntimeDir();
        var registry = PodRegistry.PathIn(dir.Path);
        LibCTestCalls.MakeFifo(registry);
        var supervisor = Sys.ActorOf(PodSupervisor.Props(new SupervisorSettings
        {
            RuntimeDir = dir.Path,
            Period = TimeSpan.FromMinutes(10),
            MaxLineBytes = 64 * 1024,
        }));

        for (var i = 0; i < 3; i++)
        {
            supervisor.Tell(Fleet.ProbeAll.Instance);
            Assert.Contains($"{registry} is a FIFO", ExpectMsg<Fleet.CycleCompleted>(Ceiling).RegistryError, StringComparison.Ordinal);
        }

        File.Delete(registry);
        supervisor.Tell(Fleet.ProbeAll.Instance);
        Assert.Null(ExpectMsg<Fleet.CycleCompleted>(Ceiling).RegistryError);
        supervisor.Tell(Fleet.GetView.Instance);
        Assert.True(ExpectMsg<Fleet.View>(Ceiling).Cycles >= 4);
    }
}
