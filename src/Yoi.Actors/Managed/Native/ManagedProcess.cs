using System.Runtime.InteropServices;

namespace Yoi.Actors.Managed.Native;

/// <summary>
/// One managed pod's process, and the pidfd that tells when it ends. Either our child (spawned: reaped with waitpid,
/// its exit code or signal known) or adopted (started by an earlier supervisor: not ours to reap, its exit unknown).
/// A spawned process leads its own process group; signals go to the whole group, so tools the pod started end with it.
/// The owner (a <c>ManagedPodActor</c>) disposes it; disposing closes the pidfd only and never touches the process.
/// </summary>
public sealed class ManagedProcess : IDisposable
{
    private int _pidfd;
    private ManagedExit? _exit;

    private ManagedProcess(int pid, int pidfd, bool isChild, int processGroup, DateTimeOffset startedAt)
    {
        Pid = pid;
        _pidfd = pidfd;
        IsChild = isChild;
        ProcessGroup = processGroup;
        StartedAt = startedAt;
    }

    public int Pid { get; }

    /// <summary>Spawned by this supervisor (so reaped by it), rather than adopted.</summary>
    public bool IsChild { get; }

    /// <summary>The process group signals go to (its pid: it leads it), or 0 when it does not lead one (an adopted
    /// process some other way started): then only the process itself is signalled.</summary>
    public int ProcessGroup { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Readable once the process has ended; -1 when the kernel has no pidfds (then poll <see cref="TryReap"/>).</summary>
    public int PidFd => _pidfd;

    /// <summary>Set once reaped (or, adopted, once seen gone).</summary>
    public ManagedExit? Exit => _exit;

    internal static ManagedProcess OfChild(int pid)
    {
        // Its group is watched for orphans (when this process is a subreaper: OrphanReaper).
        OrphanReaper.Track(pid);
        return new(pid, ManagedNative.PidfdOpen(pid), isChild: true, processGroup: pid, DateTimeOffset.UtcNow);
    }

    /// <summary>Adopts a live process that is not our child (its pidfd opened first, then its command line checked, so
    /// a pid recycled in between is not adopted). Null when it is gone or runs something else.</summary>
    public static ManagedProcess? Adopt(int pid, IReadOnlyList<string> command, string? cwd, string? path)
    {
        if (pid <= 0)
            return null;
        var pidfd = ManagedNative.PidfdOpen(pid);
        if (pidfd < 0)
            return null;
        if (!ProcFs.RunsCommand(pid, command, cwd, path) || ProcFs.Stat(pid) is not { } stat || stat.State == 'Z')
        {
            ManagedNative.Close(pidfd);
            return null;
        }

        // Still our child (an earlier owner in this very process let it go): ours to reap, or it would stay a zombie.
        var ours = stat.Ppid == Environment.ProcessId;
        if (ours && stat.Pgrp == pid)
            OrphanReaper.Track(pid);
        return new ManagedProcess(pid, pidfd, isChild: ours, stat.Pgrp == pid ? pid : 0, ProcFs.StartedAt(pid) ?? DateTimeOffset.UtcNow);
    }

    /// <summary>Sends <paramref name="signal"/> to its group (or to it alone when it leads none). False when nothing
    /// was there to receive it.</summary>
    public bool Signal(int signal)
    {
        var target = ProcessGroup > 0 ? -ProcessGroup : Pid;
        if (_exit is not null && ProcessGroup == 0)
            return false;
        return ManagedNative.Kill(target, signal) == 0;
    }

    /// <summary>Whether any process of its group (or it, when it leads none) is still there.</summary>
    public bool GroupAlive()
    {
        var target = ProcessGroup > 0 ? -ProcessGroup : Pid;
        if (ManagedNative.Kill(target, 0) == 0)
            return ProcessGroup <= 0 || ProcFs.LiveMembersOf(ProcessGroup).Count > 0;
        return Marshal.GetLastPInvokeError() == ManagedNative.EPERM;
    }

    /// <summary>The exit once it has ended (reaping it when it is our child), else null. Never blocks.</summary>
    public ManagedExit? TryReap()
    {
        if (_exit is not null)
            return _exit;
        if (IsChild)
        {
            var rc = ManagedNative.WaitPid(Pid, out var status, ManagedNative.WNOHANG);
            if (rc == 0)
                return null;
            // Else reaped, or ECHILD: someone else reaped it (nothing here does); it is gone either way.
            _exit = rc == Pid ? WaitStatus.Decode(status, DateTimeOffset.UtcNow) : new ManagedExit(null, null, DateTimeOffset.UtcNow);
            if (ProcessGroup > 0)
                OrphanReaper.LeaderReaped(ProcessGroup);
            return _exit;
        }

        if (ProcFs.Stat(Pid) is { State: not 'Z' and not 'X' })
            return null;
        return _exit = new ManagedExit(null, null, DateTimeOffset.UtcNow);
    }

    /// <summary>SIGKILL to its group, then waits (blocking, up to <paramref name="limit"/>) until it is reaped or gone:
    /// the last resort of an owner that is ending.</summary>
    public ManagedExit? KillAndReap(TimeSpan limit)
    {
        Signal(ManagedNative.SIGKILL);
        var deadline = DateTime.UtcNow + limit;
        while (TryReap() is null)
        {
            if (DateTime.UtcNow > deadline)
                return null;
            Thread.Sleep(2);
        }

        KillGroupRemnants();
        return _exit;
    }

    /// <summary>After it ended: SIGKILL whatever of its group is left (tools it started), so nothing of it lingers.
    /// Its pgid cannot be recycled while any member is alive, so this reaches only its own group.</summary>
    public void KillGroupRemnants()
    {
        if (ProcessGroup > 0)
            ManagedNative.Kill(-ProcessGroup, ManagedNative.SIGKILL);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _pidfd, -1);
        if (fd >= 0)
            ManagedNative.Close(fd);
        // Let go of unreaped (detached): its group is no longer ours to reap.
        if (IsChild && _exit is null && ProcessGroup > 0)
            OrphanReaper.Forget(ProcessGroup);
    }
}
