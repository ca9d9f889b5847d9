using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Yoi.Actors.Registry;

/// <summary>The registry file, opened with open(2) and held under <c>flock(2)</c> until disposed (closing releases the lock).</summary>
/// <remarks>
/// Opened with open(2), not FileStream: on Unix .NET takes its own non-blocking flock when it opens a FileStream,
/// so an open would fail at once, instead of waiting, while another process holds the exclusive lock. And only a
/// regular file is accepted: the path is looked at before it is opened (opening a device can have effects of its own),
/// opened with O_NONBLOCK (opening a FIFO would otherwise wait for a writer, for ever) and looked at again through the
/// descriptor, which closes the race with a rename in between. Symbolic links are followed, as the runtime follows them.
/// </remarks>
internal sealed class RegistryFile : IDisposable
{
    private const int MaxBackoffMilliseconds = 20;
    private const int ChunkBytes = 1 << 20;

    // 0600: the allocation table is nobody else's business (as in the runtime).
    private const int OwnerReadWrite = 0x180;

    private readonly SafeFileHandle _handle;
    private readonly string _path;

    private RegistryFile(SafeFileHandle handle, string path)
    {
        _handle = handle;
        _path = path;
    }

    /// <summary>Opens read-only under a shared lock; null when the file does not exist. Out of descriptors, the open is
    /// retried with <paramref name="reserve"/>'s released.</summary>
    public static RegistryFile? OpenShared(string path, TimeSpan timeout, RegistryFdReserve? reserve = null) =>
        Open(path, LibC.O_RDONLY, LibC.LOCK_SH, timeout, reserve);

    /// <summary>Opens read-write under an exclusive lock; null when the file does not exist and <paramref name="create"/> is false.
    /// A created file gets mode 0600.</summary>
    public static RegistryFile? OpenExclusive(string path, TimeSpan timeout, bool create) =>
        Open(path, LibC.O_RDWR | (create ? LibC.O_CREAT : 0), LibC.LOCK_EX, timeout, reserve: null);

    private static RegistryFile? Open(string path, int flags, int lockOperation, TimeSpan timeout, RegistryFdReserve? reserve)
    {
        var create = (flags & LibC.O_CREAT) != 0;
        switch (StatPath(path, out var stat))
        {
            case 0:
                RequireRegular(path, stat);
                break;
            case LibC.ENOENT when !create:
                return null;
            case LibC.ENOENT:
                break;
            case var errno:
                throw new RegistryException($"cannot open {path}: {LibC.Describe(errno)}");
        }

        var (fd, openErrno) = OpenPath(path, flags);
        if (fd < 0 && RegistryFdReserve.IsExhaustion(openErrno) && reserve is not null)
            (fd, openErrno) = reserve.OpenReleased(() => OpenPath(path, flags));
        if (fd < 0)
        {
            if (openErrno == LibC.ENOENT && !create)
                return null;
            throw new RegistryException($"cannot open {path}: {LibC.Describe(openErrno)}");
        }

        var file = new RegistryFile(new SafeFileHandle(fd, ownsHandle: true), path);
        try
        {
            RequireRegular(path, file.Stat(LibC.STATX_TYPE));
            file.Lock(lockOperation, timeout);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static (int Fd, int Errno) OpenPath(string path, int flags)
    {
        while (true)
        {
            var fd = LibC.Open(path, flags | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC, OwnerReadWrite);
            if (fd >= 0)
                return (fd, 0);
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
                return (fd, errno);
        }
    }

    /// <summary>stat(2) of the path, following links: 0, or the errno.</summary>
    private static int StatPath(string path, out LibC.StatxBuffer stat)
    {
        while (true)
        {
            if (LibC.Statx(LibC.AT_FDCWD, path, 0, LibC.STATX_TYPE, out stat) == 0)
                return 0;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
                return errno;
        }
    }

    private static void RequireRegular(string path, LibC.StatxBuffer stat)
    {
        var kind = (stat.Mode & LibC.S_IFMT) switch
        {
            LibC.S_IFREG => null,
            LibC.S_IFIFO => "a FIFO",
            LibC.S_IFCHR => "a character device",
            LibC.S_IFBLK => "a block device",
            LibC.S_IFDIR => "a directory",
            LibC.S_IFSOCK => "a socket",
            _ => "an unknown kind of file",
        };
        if (kind is not null)
            throw new RegistryNotAFileException(path, kind, LinkTarget(path));
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            // The link's own text, escaped: it is the file system's, and it ends up on a terminal.
            return new FileInfo(path).LinkTarget is { } target ? PodNames.Escape(target, 200) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private LibC.StatxBuffer Stat(uint mask)
    {
        int result;
        LibC.StatxBuffer stat = default;
        do
            result = WithFd(fd => LibC.Statx(fd, "", LibC.AT_EMPTY_PATH, mask, out stat));
        while (result != 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);
        if (result != 0)
            throw new RegistryException($"cannot stat {_path}: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        return stat;
    }

    // Polls with LOCK_NB rather than blocking in flock(2), which could not be given a deadline.
    private void Lock(int operation, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var backoff = 1;
        while (true)
        {
            if (WithFd(fd => LibC.Flock(fd, operation | LibC.LOCK_NB)) == 0)
                return;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR)
                continue;
            if (errno != LibC.EWOULDBLOCK)
                throw new RegistryException($"cannot lock {_path}: {LibC.Describe(errno)}");

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new RegistryLockTimeoutException(_path, timeout);
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(backoff, Math.Ceiling(left.TotalMilliseconds))));
            backoff = Math.Min(backoff * 2, MaxBackoffMilliseconds);
        }
    }

    /// <summary>The whole content, refused when it is over <paramref name="maxBytes"/> (also when it grows past it while
    /// being read) or takes longer than <paramref name="timeout"/> to read.</summary>
    public byte[] ReadAll(long maxBytes, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var size = (long)Stat(LibC.STATX_SIZE).Size;
        if (size > maxBytes)
            throw new RegistryTooLargeException(_path, size, maxBytes, atLeast: false);
        try
        {
            // One byte more than the size seen, so that growth is noticed without another stat.
            var buffer = new byte[Math.Min(size, maxBytes) + 1];
            long filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > maxBytes)
                        throw new RegistryTooLargeException(_path, filled, maxBytes, atLeast: true);
                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, ChunkBytes), maxBytes + 1));
                }
                var read = RandomAccess.Read(_handle, buffer.AsSpan((int)filled, (int)Math.Min(ChunkBytes, buffer.Length - filled)), filled);
                if (read == 0)
                    break;
                filled += read;
                if (clock.Elapsed > timeout)
                    throw new RegistryReadTimeoutException(_path, timeout, filled);
            }
            return filled == buffer.Length ? buffer : buffer[..(int)filled];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RegistryException($"cannot read {_path}: {e.Message}", e);
        }
    }

    /// <summary>Replaces the content in place (truncate, write, fdatasync). Only under the exclusive lock: readers take
    /// the shared lock, so they never see the truncated or half-written state.</summary>
    /// <remarks>Not write-to-temp-and-rename: the lock lives on the inode, and a process waiting on the old inode would
    /// then lock and read a file nobody writes any more. The cost: a crash mid-write leaves a torn file, which the next
    /// reader reports as corrupt (the Rust runtime has the same property).</remarks>
    public void Overwrite(ReadOnlySpan<byte> content)
    {
        if (WithFd(fd => LibC.Ftruncate(fd, 0)) != 0)
            throw new RegistryException($"cannot truncate {_path}: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        try
        {
            RandomAccess.Write(_handle, content, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RegistryException($"cannot write {_path}: {e.Message}", e);
        }
        if (WithFd(LibC.Fdatasync) != 0)
            throw new RegistryException($"cannot sync {_path}: {LibC.Describe(Marshal.GetLastPInvokeError())}");
    }

    private int WithFd(Func<int, int> call)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            return call((int)_handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }

    public void Dispose() => _handle.Dispose();
}
