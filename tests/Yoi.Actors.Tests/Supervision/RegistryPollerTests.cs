using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Registry;
using Yoi.Actors.Supervision;
using Yoi.Actors.Tests.Registry;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Supervision;

public sealed class RegistryPollerTests : TestKit, IDisposable
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(15);
    private readonly TempRuntimeDir _dir = new();

    public RegistryPollerTests() => Register("a");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _dir.Dispose();
    }

    private void Register(string pod) =>
        PodRegistry.Register(_dir.RegistryPath, PodAllocation.Of(pod, Environment.ProcessId, Path.Combine(_dir.Path, pod + ".sock")));

    // The test actor is the poller's parent: the reports come to it.
    private IActorRef StartPoller(TimeSpan? period = null, TimeSpan? lockTimeout = null) =>
        ChildActorOf(RegistryPoller.Props(_dir.Path, lockTimeout ?? TimeSpan.FromSeconds(30), period ?? TimeSpan.FromMinutes(10)));

    [Fact]
    public void The_first_read_starts_at_once_and_an_untouched_file_is_not_read_again()
    {
        var poller = StartPoller();
        var first = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.False(first.Requested);
        Assert.Equal(["a"], first.Allocations.Select(a => a.PodName));

        poller.Tell(RegistryPoller.ReadNow.Instance);
        Assert.True(ExpectMsg<RegistryPoller.Unchanged>(Ceiling).Requested);

        Register("b");
        poller.Tell(RegistryPoller.ReadNow.Instance);
        var second = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.True(second.Requested);
        Assert.Equal(["a", "b"], second.Allocations.Select(a => a.PodName).Order());
    }

    [Fact]
    public void A_corrupt_file_is_reported_and_read_afresh_next_time()
    {
        var poller = StartPoller();
        ExpectMsg<RegistryPoller.Loaded>(Ceiling);

        var good = File.ReadAllBytes(_dir.RegistryPath);
        File.WriteAllText(_dir.RegistryPath, "{\"allocations\": [ {\"pod_name\": ");
        poller.Tell(RegistryPoller.ReadNow.Instance);
        // The file's error names it, and its rows are those of its last good read.
        var failed = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.Contains("pods.json", failed.Error);
        Assert.Equal(["a"], failed.Allocations.Select(a => a.PodName));
        Assert.True(failed.Requested);

        File.WriteAllBytes(_dir.RegistryPath, good);
        poller.Tell(RegistryPoller.ReadNow.Instance);
        var healed = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.Null(healed.Error);
        Assert.Equal(["a"], healed.Allocations.Select(a => a.PodName));
    }

    [Fact]
    public void Workers_json_is_read_beside_pods_json_and_a_rewrite_of_it_is_seen()
    {
        var poller = StartPoller();
        ExpectMsg<RegistryPoller.Loaded>(Ceiling);

        var workers = PodRegistry.PathIn(_dir.Path, RegistryFlavor.Workers);
        PodRegistry.Register(workers, PodAllocation.Of("a", Environment.ProcessId, Path.Combine(_dir.Path, "wa.sock")));
        poller.Tell(RegistryPoller.ReadNow.Instance);
        var loaded = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.Equal([(RegistryFlavor.Pods, "a"), (RegistryFlavor.Workers, "a")], loaded.Allocations.Select(a => (a.Flavor, a.PodName)));

        File.WriteAllText(workers, "{\"allocations\": [");
        poller.Tell(RegistryPoller.ReadNow.Instance);
        var broken = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.Contains("workers.json", broken.Error);
        Assert.DoesNotContain("pods.json", broken.Error);
        Assert.Equal(2, broken.Allocations.Count);
    }

    [Fact]
    public async Task A_request_during_a_read_joins_it_instead_of_queueing_another()
    {
        using var holder = await FlockHolder.HoldAsync(_dir.RegistryPath, exclusive: true);
        var poller = StartPoller();
        // The first read waits for the lock; ask twice meanwhile.
        poller.Tell(RegistryPoller.ReadNow.Instance);
        poller.Tell(RegistryPoller.ReadNow.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        await holder.ReleaseAsync();
        var loaded = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.True(loaded.Requested);
        Assert.Equal(["a"], loaded.Allocations.Select(a => a.PodName));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_lock_not_had_in_time_is_a_failed_read()
    {
        using var holder = await FlockHolder.HoldAsync(_dir.RegistryPath, exclusive: true);
        StartPoller(lockTimeout: TimeSpan.FromMilliseconds(100));
        var failed = ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        Assert.False(failed.Requested);
        Assert.Contains("lock", failed.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_timer_reads_on_its_own()
    {
        StartPoller(period: TimeSpan.FromMilliseconds(50));
        ExpectMsg<RegistryPoller.Loaded>(Ceiling);
        for (var i = 0; i < 3; i++)
            Assert.False(ExpectMsg<RegistryPoller.Unchanged>(Ceiling).Requested);
    }
}
