using System.Collections.Concurrent;
using Yoi.Actors.Managed.Logs;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Managed;

/// <summary>The log watch on real files: one notification per write burst until rearmed, eager at once, lazy at most
/// once per interval, nothing after unregistering.</summary>
public sealed class LogWatchTests : IDisposable
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);
    private readonly TempRuntimeDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void Append(string path, string text) => File.AppendAllText(path, text);

    private static long Take(BlockingCollection<long> seen, TimeSpan within) =>
        seen.TryTake(out var id, within) ? id : throw new TimeoutException("no notification");

    [Fact]
    public void A_write_notifies_once_until_rearmed_then_again()
    {
        using var watch = new LogWatch(TimeSpan.FromMilliseconds(10));
        Assert.True(watch.Available);
        var file = _dir.File("a.log");
        File.WriteAllText(file, "");
        using var seen = new BlockingCollection<long>();
        var id = watch.Register([file], eager: true, seen.Add);
        Assert.NotEqual(0, id);

        Append(file, "one\n");
        Assert.Equal(id, Take(seen, Ceiling));
        Append(file, "two\n");
        Append(file, "three\n");
        // Not rearmed: the writes are remembered, not told.
        Assert.False(seen.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        watch.Rearm(id);
        Assert.Equal(id, Take(seen, Ceiling));
        watch.Rearm(id);
        // Nothing written since: nothing told.
        Assert.False(seen.TryTake(out _, TimeSpan.FromMilliseconds(300)));

        watch.Unregister(id);
        Append(file, "four\n");
        Assert.False(seen.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(0, watch.Count);
    }

    [Fact]
    public void A_lazy_registration_is_told_at_most_once_per_interval()
    {
        var interval = TimeSpan.FromMilliseconds(400);
        using var watch = new LogWatch(interval);
        var file = _dir.File("b.log");
        File.WriteAllText(file, "");
        using var seen = new BlockingCollection<long>();
        var id = watch.Register([file, file], eager: false, seen.Add);
        Append(file, "x\n");
        Take(seen, Ceiling);
        var rearmed = DateTime.UtcNow;
        watch.Rearm(id);
        Append(file, "y\n");
        Take(seen, Ceiling);
        Assert.True(DateTime.UtcNow - rearmed >= interval - TimeSpan.FromMilliseconds(50));
    }
}
