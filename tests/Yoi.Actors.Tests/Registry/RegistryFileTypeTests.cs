using Yoi.Testing;
using System.Diagnostics;
using System.Net.Sockets;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

/// <summary>Whatever sits at the registry's path, a read returns promptly: a regular file is read, anything else is a
/// specific error naming it.</summary>
public sealed class RegistryFileTypeTests : IDisposable
{
    // Returning "promptly" on a loaded 2-core machine: far below any wait a blocking open would cause, far above jitter.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private readonly TempRuntimeDir _dir = new();

    private string RegistryPath => PodRegistry.PathIn(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_fifo_nobody_writes_to_is_refused_at_once_and_a_regular_file_put_there_later_reads()
    {
        LibCTestCalls.MakeFifo(RegistryPath);

        // Off the test's thread and under a ceiling: were the open to block, this would fail instead of hanging.
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RegistryNotAFileException>(() => Task.Run(() => PodRegistry.Read(RegistryPath)).WaitAsync(Prompt));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Prompt);
        Assert.Equal("a FIFO", e.Kind);
        Assert.Equal(RegistryPath, e.FilePath);
        Assert.Equal($"{RegistryPath} is a FIFO, not a regular file: refusing to read it", e.Message);

        // Writers are refused too, rather than writing into the pipe or blocking on it.
        var write = await Assert.ThrowsAsync<RegistryNotAFileException>(() =>
            Task.Run(() => PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s"))).WaitAsync(Prompt));
        Assert.Equal("a FIFO", write.Kind);
        await Assert.ThrowsAsync<RegistryNotAFileException>(() => Task.Run(() => PodRegistry.Unregister(RegistryPath, "a")).WaitAsync(Prompt));

        File.Delete(RegistryPath);
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s"));
        Assert.Equal("a", Assert.Single(PodRegistry.Read(RegistryPath)).PodName);
    }

    [Fact]
    public void A_symlink_to_dev_zero_is_a_character_device_not_an_empty_fleet()
    {
        File.CreateSymbolicLink(RegistryPath, "/dev/zero");

        var e = Assert.Throws<RegistryNotAFileException>(() => PodRegistry.Read(RegistryPath));

        Assert.Equal("a character device", e.Kind);
        Assert.Equal($"{RegistryPath} is a symbolic link to /dev/zero, which is a character device, not a regular file: refusing to read it", e.Message);
    }

    [Fact]
    public void A_symlink_to_a_regular_file_is_read_and_written_through()
    {
        var target = _dir.File("elsewhere.json");
        PodRegistry.Register(target, PodAllocation.Of("a", 1, "/s/a"));
        File.CreateSymbolicLink(RegistryPath, target);

        PodRegistry.Register(RegistryPath, PodAllocation.Of("b", 2, "/s/b"));

        Assert.Equal(["a", "b"], PodRegistry.Read(RegistryPath).Select(a => a.PodName));
        Assert.Equal(["a", "b"], PodRegistry.Read(target).Select(a => a.PodName));
    }

    [Fact]
    public void A_directory_is_refused_by_name()
    {
        Directory.CreateDirectory(RegistryPath);

        Assert.Equal("a directory", Assert.Throws<RegistryNotAFileException>(() => PodRegistry.Read(RegistryPath)).Kind);
        Assert.Equal("a directory", Assert.Throws<RegistryNotAFileException>(() => PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s"))).Kind);
    }

    [Fact]
    public void A_unix_socket_is_refused_by_name()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(RegistryPath));

        Assert.Equal("a socket", Assert.Throws<RegistryNotAFileException>(() => PodRegistry.Read(RegistryPath)).Kind);
    }

    [Fact]
    public void A_dangling_symlink_reads_as_no_file()
    {
        File.CreateSymbolicLink(RegistryPath, _dir.File("nothing-here"));

        Assert.Empty(PodRegistry.Read(RegistryPath));
        Assert.Null(PodRegistry.ReadFile(RegistryPath, RegistryOptions.Default));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s/a"));
        var size = new FileInfo(RegistryPath).Length;

        Assert.Single(PodRegistry.Read(RegistryPath, RegistryOptions.Default with { MaxBytes = size }));
        var e = Assert.Throws<RegistryTooLargeException>(() => PodRegistry.Read(RegistryPath, RegistryOptions.Default with { MaxBytes = size - 1 }));

        Assert.Equal(size, e.Size);
        Assert.Equal(size - 1, e.Limit);
        Assert.Equal($"{RegistryPath} is {size} bytes, over the limit of {size - 1} bytes: refusing to read it", e.Message);
    }

    [Fact]
    public void Garbage_over_the_limit_is_too_large_not_corrupt()
    {
        File.WriteAllBytes(RegistryPath, new byte[4096]);

        Assert.Throws<RegistryTooLargeException>(() => PodRegistry.Read(RegistryPath, RegistryOptions.Default with { MaxBytes = 1024 }));
    }

    [Fact]
    public void A_read_that_outlasts_its_time_bound_gives_up_with_a_clear_error()
    {
        // A few chunks' worth: the bound is checked after each chunk, and one tick is over before the first is in.
        File.WriteAllBytes(RegistryPath, new byte[3 << 20]);

        var e = Assert.Throws<RegistryReadTimeoutException>(() =>
            PodRegistry.Read(RegistryPath, RegistryOptions.Default with { ReadTimeout = TimeSpan.FromTicks(1) }));

        Assert.Equal(RegistryPath, e.FilePath);
        Assert.StartsWith($"reading {RegistryPath} took longer than 0 ms (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(" bytes read): gave up", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_out_of_range_are_argument_errors()
    {
        File.WriteAllText(RegistryPath, "{}");

        Assert.Throws<ArgumentOutOfRangeException>(() => PodRegistry.Read(RegistryPath, RegistryOptions.Default with { MaxBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PodRegistry.Read(RegistryPath, RegistryOptions.Default with { ReadTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PodRegistry.Read(RegistryPath, RegistryOptions.Default with { LockTimeout = TimeSpan.FromSeconds(-1) }));
    }
}
