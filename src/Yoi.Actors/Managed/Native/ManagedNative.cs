using System.Runtime.InteropServices;

namespace Yoi.Actors.Managed.Native;

/// <summary>The libc calls the managed pods need: posix_spawn and its attributes/file actions, waitpid, kill, pidfd,
/// poll and eventfd. Errors: posix_spawn* return the errno value; the others set errno
/// (<see cref="Marshal.GetLastPInvokeError"/>).</summary>
/// <remarks>Constants are the Linux values (identical on x86-64 and arm64). The opaque glibc structures
/// (posix_spawnattr_t: 336 bytes, posix_spawn_file_actions_t: 80, sigset_t: 128 on x86-64) are given generously
/// over-sized buffers, so no layout is assumed.</remarks>
internal static unsafe partial class ManagedNative
{
    public const int OpaqueBytes = 1024;

    public const short POSIX_SPAWN_SETPGROUP = 0x02;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;

    public const int WNOHANG = 1;
    public const int WEXITED = 4;
    public const int WNOWAIT = 0x01000000;
    /// <summary>waitid(2)'s idtype for "any child in process group id".</summary>
    public const int P_PGID = 2;

    public const int PR_SET_CHILD_SUBREAPER = 36;
    public const int PR_GET_CHILD_SUBREAPER = 37;

    /// <summary>siginfo_t is 128 bytes on every Linux architecture; si_pid is at offset 16 on the 64-bit ones.</summary>
    public const int SigInfoBytes = 128;
    public const int SigInfoPidOffset = 16;

    public const int IN_NONBLOCK = 0x800;
    public const int IN_CLOEXEC = 0x80000;
    public const uint IN_MODIFY = 0x2;
    public const uint IN_ATTRIB = 0x4;
    public const uint IN_DELETE_SELF = 0x400;
    public const uint IN_IGNORED = 0x8000;

    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12, SIGPIPE = 13,
        SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGWINCH = 28;

    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EAGAIN = 11, ECHILD = 10, EACCES = 13;

    public const int X_OK = 1;
    public const short POLLIN = 0x1;
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    /// <summary>pidfd_open(2) has this number on every Linux architecture (the unified table of 5.3+).</summary>
    public const long SYS_pidfd_open = 434;

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PosixSpawn(out int pid, string path, void* fileActions, void* attr, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsAddOpen(void* fileActions, int fd, string path, int flags, int mode);

    /// <summary>glibc ≥ 2.29.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsAddChdir(void* fileActions, string path);

    /// <summary>glibc ≥ 2.34: closes every fd from <paramref name="from"/> up in the child (a stray inheritable fd
    /// of the supervisor must not be held by a pod that outlives it).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static partial int FileActionsAddCloseFrom(void* fileActions, int from);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int AttrInit(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int AttrDestroy(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttrSetFlags(void* attr, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    public static partial int AttrSetPgroup(void* attr, int pgroup);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttrSetSigMask(void* attr, void* sigset);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttrSetSigDefault(void* attr, void* sigset);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int SigEmptySet(void* sigset);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    public static partial int SigAddSet(void* sigset, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    public static partial int WaitId(int idtype, int id, void* siginfo, int options);

    /// <summary>prctl(2) with the four unsigned long arguments glibc reads (unused ones 0).</summary>
    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static partial int InotifyRmWatch(int fd, int wd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, long arg1, long arg2);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public static int PidfdOpen(int pid)
    {
        var fd = Syscall(SYS_pidfd_open, pid, 0);
        return (int)fd;
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>struct pollfd: the same 8 bytes on every Linux architecture.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
