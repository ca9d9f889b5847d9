using Yoi.Actors.Managed;
using Yoi.Actors.Tests.Support;

namespace Yoi.Actors.Tests.Managed;

/// <summary>Idle managed pods cost nothing each: once running, a pod holds no timer and no descriptor of its own
/// beyond its pidfd (its log files are watched by the one shared inotify descriptor). Counted process-wide, so alone.</summary>
[Collection(FdSensitiveCollection.Name)]
public sealed class ManagedIdleTests : ManagedTestKit
{
    [Fact]
    public void Running_idle_pods_hold_no_timer_each()
    {
        const int pods = 8;
        var before = Timer.ActiveCount;
        var specs = Enumerable.Range(1, pods).Select(i => Spec($"idle{i}", TestPod($"idle{i}"))).ToArray();
        StartManaged(specs);
        foreach (var spec in specs)
            ExpectState(spec.Name, ManagedState.Running);
        // One timer per pod (the former periodic rotation check) would be 8 more; allow the runtime's own few.
        AwaitAssert(() => Assert.True(Timer.ActiveCount - before < pods / 2, $"{Timer.ActiveCount - before} more timers with {pods} idle pods"),
            Ceiling, TimeSpan.FromMilliseconds(100));
    }
}
