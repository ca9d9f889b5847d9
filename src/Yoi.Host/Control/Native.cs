using System.Runtime.InteropServices;

namespace Yoi.Host.Control;

/// <summary>The few libc calls .NET does not offer.</summary>
internal static partial class Native
{
    public const int AfUnix = 1;
    public const int SockStream = 1;
    public const int SockCloexec = 0x80000;
    public const int SolSocket = 1;
    public const int SoPeerCred = 17;

    private const int AtFdcwd = -100;
    private const int AtSymlinkNofollow = 0x100;
    private const uint StatxType = 0x1;

    /// <summary>The fields of struct statx read here (linux/stat.h); the kernel fills all 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0x1C)] public ushort Mode;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>What is at <paramref name="path"/> itself (a symbolic link is not followed): "socket", "regular file",
    /// "directory", …; null when nothing is there (or it cannot be looked at).</summary>
    public static string? FileKind(string path)
    {
        if (Statx(AtFdcwd, path, AtSymlinkNofollow, StatxType, out var st) != 0)
            return null;
        return (st.Mode & 0xF000) switch
        {
            0xC000 => "socket",
            0x8000 => "regular file",
            0x4000 => "directory",
            0xA000 => "symbolic link",
            0x1000 => "named pipe",
            0x2000 or 0x6000 => "device",
            _ => "file of an unknown kind",
        };
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true)]
    public static partial uint umask(uint mask);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int socketpair(int domain, int type, int protocol, int* sv);
}
