using System.Diagnostics;
using Yoi.Actors.Registry;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Registry;

public sealed class PodRegistryLockingTests : IDisposable
{
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly TempRuntimeDir _dir = new();

    private string RegistryPath => PodRegistry.PathIn(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Another_process_holding_the_exclusive_lock_makes_reads_and_writes_time_out_until_it_lets_go()
    {
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s/a"));
        using var holder = await FlockHolder.HoldAsync(RegistryPath, exclusive: true);

        var clock = Stopwatch.StartNew();
        var read = Assert.Throws<RegistryLockTimeoutException>(() => PodRegistry.Read(RegistryPath, ShortWait));
        var waited = clock.Elapsed;
        Assert.InRange(waited, ShortWait, Generous);
        Assert.Equal(RegistryPath, read.FilePath);
        Assert.Contains(RegistryPath, read.Message, StringComparison.Ordinal);
        Assert.Contains("timed out", read.Message, StringComparison.Ordinal);

        Assert.Throws<RegistryLockTimeoutException>(() => PodRegistry.Register(RegistryPath, PodAllocation.Of("b", 2, "/s/b"), ShortWait));
        Assert.Throws<RegistryLockTimeoutException>(() => PodRegistry.Unregister(RegistryPath, "a", ShortWait));

        await holder.ReleaseAsync();

        PodRegistry.Register(RegistryPath, PodAllocation.Of("b", 2, "/s/b"), Generous);
        Assert.Equal(["a", "b"], PodRegistry.Read(RegistryPath, Generous).Select(a => a.PodName));
    }

    [Fact]
    public async Task A_writer_waiting_for_the_lock_proceeds_as_soon_as_it_is_released()
    {
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s/a"));
        using var holder = await FlockHolder.HoldAsync(RegistryPath, exclusive: true);

        var register = Task.Run(() => PodRegistry.Register(RegistryPath, PodAllocation.Of("b", 2, "/s/b"), Generous));
        Assert.False(register.IsCompleted);
        await holder.ReleaseAsync();
        await register.WaitAsync(Generous);

        Assert.Equal(2, PodRegistry.Read(RegistryPath).Count);
    }

    [Fact]
    public async Task A_shared_lock_held_elsewhere_admits_readers_but_not_writers()
    {
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s/a"));
        using var holder = await FlockHolder.HoldAsync(RegistryPath, exclusive: false);

        Assert.Single(PodRegistry.Read(RegistryPath, ShortWait));
        Assert.Throws<RegistryLockTimeoutException>(() => PodRegistry.Register(RegistryPath, PodAllocation.Of("b", 2, "/s/b"), ShortWait));

        await holder.ReleaseAsync();
    }

    [Fact]
    public async Task Readers_never_observe_a_torn_write_while_writers_churn()
    {
        const int rounds = 200;
        const int rulesPerPod = 150;
        var anchor = PodAllocation.Of("anchor", 1, "/s/anchor");
        PodRegistry.Register(RegistryPath, anchor);

        PodAllocation Large(string name) => PodAllocation.Of(name, 4242, $"/run/yoi/{name}/sock") with
        {
            ScopeAllow = [.. Enumerable.Range(0, rulesPerPod).Select(i => new ScopeRule($"/work/{name}/dir-{i:D4}/with/a/long/path", ScopePermission.Write))],
        };

        var writersDone = 0;
        var reads = 0;
        var sawLarge = 0;
        var readerStarted = new ManualResetEventSlim();
        var readerEnded = 0;

        // Dedicated threads: on a loaded 2-core machine pool threads may not run side by side, and then the reader
        // would never overlap a writer.
        Task Writer(int id) => Task.Factory.StartNew(() =>
        {
            readerStarted.Wait();
            try
            {
                // Each round adds one pod and drops the one to be added next, so readers usually find
                // large entries of both writers while every write rewrites the whole file.
                for (var round = 0; round < rounds; round++)
                {
                    PodRegistry.Register(RegistryPath, Large($"w{id}-{round % 3}"), Generous);
                    PodRegistry.Unregister(RegistryPath, $"w{id}-{(round + 1) % 3}", Generous);

                    // Polling flock favours whoever retakes the lock first: without this handshake two writers
                    // can finish every round before the reader gets in once.
                    var seen = Volatile.Read(ref reads);
                    SpinWait.SpinUntil(() => Volatile.Read(ref reads) > seen || Volatile.Read(ref readerEnded) == 1, Generous);
                }
                for (var slot = 0; slot < 3; slot++)
                    PodRegistry.Unregister(RegistryPath, $"w{id}-{slot}", Generous);
            }
            finally
            {
                Interlocked.Increment(ref writersDone);
            }
        }, TaskCreationOptions.LongRunning);


        var reader = Task.Factory.StartNew(() =>
        {
            readerStarted.Set();
            using var ended = new ReaderEnded(() => Volatile.Write(ref readerEnded, 1));
            while (Volatile.Read(ref writersDone) < 2)
            {
                var allocations = PodRegistry.Read(RegistryPath, Generous);
                Interlocked.Increment(ref reads);
                Assert.Contains(allocations, a => a.PodName == "anchor");
                foreach (var allocation in allocations.Where(a => a.PodName != "anchor"))
                {
                    Assert.Equal(Large(allocation.PodName), allocation, AllocationComparer.Instance);
                    sawLarge++;
                }
                // The anchor, plus up to three pods per writer between its register and its unregister.
                Assert.InRange(allocations.Count, 1, 7);
            }
        }, TaskCreationOptions.LongRunning);

        await Task.WhenAll(Writer(0), Writer(1), reader).WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(reads > 0);
        Assert.True(sawLarge > 0, $"{reads} reads never caught a writer's pod mid-round");
        Assert.Equal([anchor], PodRegistry.Read(RegistryPath), AllocationComparer.Instance);
    }

    /// <summary>Tells the writers the reader is gone (finished or failed), so they never wait for it in vain.</summary>
    private sealed class ReaderEnded(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }
}
