using System.Runtime.InteropServices;

namespace Yoi.Actors.Registry;

/// <summary>The few libc calls the registry needs; errno via <see cref="Marshal.GetLastPInvokeError"/>.</summary>
/// <remarks>Constants are the Linux values (identical on x86-64 and arm64).</remarks>
internal static partial class LibC
{
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_CLOEXEC = 0x80000;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EWOULDBLOCK = 11;

    // open(2) is variadic; on Linux x86-64/arm64 passing the mode as a third int is ABI-compatible.
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int Fdatasync(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
