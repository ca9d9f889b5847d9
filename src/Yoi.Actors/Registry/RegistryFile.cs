using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Yoi.Actors.Registry;

/// <summary>The registry file, opened with open(2) and held under <c>flock(2)</c> until disposed (closing releases the lock).</summary>
/// <remarks>
/// Opened with open(2), not FileStream: on Unix .NET takes its own non-blocking flock when it opens a FileStream,
/// so an open would fail at once, instead of waiting, while another process holds the exclusive lock.
/// </remarks>
internal sealed class RegistryFile : IDisposable
{
    private const int MaxBackoffMilliseconds = 20;

    // 0600: the allocation table is nobody else's business (as in the runtime).
    private const int OwnerReadWrite = 0x180;

    private readonly SafeFileHandle _handle;
    private readonly string _path;

    private RegistryFile(SafeFileHandle handle, string path)
    {
        _handle = handle;
        _path = path;
    }

    /// <summary>Opens read-only under a shared lock; null when the file does not exist.</summary>
    public static RegistryFile? OpenShared(string path, TimeSpan timeout) =>
        Open(path, LibC.O_RDONLY, LibC.LOCK_SH, timeout);

    /// <summary>Opens read-write under an exclusive lock; null when the file does not exist and <paramref name="create"/> is false.
    /// A created file gets mode 0600.</summary>
    public static RegistryFile? OpenExclusive(string path, TimeSpan timeout, bool create) =>
        Open(path, LibC.O_RDWR | (create ? LibC.O_CREAT : 0), LibC.LOCK_EX, timeout);

    private static RegistryFile? Open(string path, int flags, int lockOperation, TimeSpan timeout)
    {
        int fd;
        do
            fd = LibC.Open(path, flags | LibC.O_CLOEXEC, OwnerReadWrite);
        while (fd < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ENOENT && (flags & LibC.O_CREAT) == 0)
                return null;
            throw new RegistryException($"cannot open {path}: {LibC.Describe(errno)}");
        }

        var file = new RegistryFile(new SafeFileHandle(fd, ownsHandle: true), path);
        try
        {
            file.Lock(lockOperation, timeout);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
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

    public byte[] ReadAll()
    {
        try
        {
            var length = RandomAccess.GetLength(_handle);
            if (length > Array.MaxLength)
                throw new RegistryException($"cannot read {_path}: the file is implausibly large ({length} bytes)");
            var buffer = new byte[length];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = RandomAccess.Read(_handle, buffer.AsSpan(filled), filled);
                if (read == 0)
                    break;
                filled += read;
            }
            return filled == buffer.Length ? buffer : buffer[..filled];
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
