using System.Runtime.InteropServices;

namespace Yoi.Actors.Managed.Native;

/// <summary>
/// Makes this process a child subreaper (<c>prctl(PR_SET_CHILD_SUBREAPER, 1)</c>) while it manages pods, and reaps the
/// orphans of the managed pods' process groups: a tool a pod started, whose parent (the pod) died, is reparented to
/// this process instead of init, and is reaped here once it ends (it is SIGKILLed with its group).
/// It never takes a child someone else owns: it reaps only with <c>waitid(P_PGID, pgid)</c> on the process group of a
/// managed pod it was told of (<see cref="Track"/>) — the children <see cref="System.Diagnostics.Process"/> starts are
/// in this process's own group, never in a pod's — and while the pod's leader is not yet reaped by its owner
/// (<see cref="ManagedProcess.TryReap"/>), it only peeks (<c>WNOWAIT</c>) and skips the leader, so the owner still
/// gets the leader's own exit status. It runs on SIGCHLD (a <see cref="PosixSignalRegistration"/>, called after the
/// runtime's own SIGCHLD handling, which it leaves in place) and when a leader has been reaped.
/// Process-wide (the subreaper flag and SIGCHLD are): each <c>ManagedPods</c> that wants it holds a lease
/// (<see cref="Acquire"/>); the last lease given back unregisters the handler and clears the flag it set.
/// </summary>
public static unsafe class OrphanReaper
{
    private static readonly object Gate = new();
    // pgid → whether its leader (pid = pgid) is still to be reaped by its owner.
    private static readonly Dictionary<int, bool> Groups = [];
    private static int s_leases;
    private static bool s_setByUs;
    private static PosixSignalRegistration? s_sigchld;
    private static long s_reaped;

    /// <summary>Whether some owner holds a lease: this process is a subreaper and reaps managed groups' orphans.</summary>
    public static bool Enabled
    {
        get
        {
            lock (Gate)
                return s_leases > 0;
        }
    }

    /// <summary>Orphans reaped so far (diagnostics and tests).</summary>
    public static long Reaped => Interlocked.Read(ref s_reaped);

    /// <summary>The process groups being watched (diagnostics and tests).</summary>
    public static int TrackedGroups
    {
        get
        {
            lock (Gate)
                return Groups.Count;
        }
    }

    /// <summary>Whether the kernel says this process is a child subreaper.</summary>
    public static bool IsSubreaper()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        int flag = 0;
        return ManagedNative.Prctl(ManagedNative.PR_GET_CHILD_SUBREAPER, (nuint)(&flag), 0, 0, 0) == 0 && flag != 0;
    }

    /// <summary>Becomes a subreaper (if not yet) and reaps managed groups' orphans until the lease is disposed.
    /// Throws when the kernel refuses (not Linux, or prctl failed).</summary>
    public static IDisposable Acquire()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("a child subreaper needs Linux");
        lock (Gate)
        {
            if (s_leases == 0)
            {
                if (!IsSubreaper())
                {
                    if (ManagedNative.Prctl(ManagedNative.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
                        throw new IOException($"prctl(PR_SET_CHILD_SUBREAPER): {ManagedNative.Describe(Marshal.GetLastPInvokeError())}");
                    s_setByUs = true;
                }

                s_sigchld = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, static _ => ReapAll());
            }

            s_leases++;
        }

        return new Lease();
    }

    /// <summary>A managed pod's leader was spawned (or adopted while still our child): its group is watched. Nothing
    /// is tracked while no lease is held.</summary>
    internal static void Track(int pgid)
    {
        if (pgid <= 0)
            return;
        lock (Gate)
        {
            if (s_leases > 0)
                Groups[pgid] = true;
        }
    }

    /// <summary>Its owner reaped the leader: the rest of its group may be reaped now.</summary>
    internal static void LeaderReaped(int pgid)
    {
        lock (Gate)
        {
            if (!Groups.ContainsKey(pgid))
                return;
            Groups[pgid] = false;
            ReapGroupLocked(pgid, leaderPending: false);
        }
    }

    /// <summary>Its owner let go of a leader it did not reap (detached at shutdown): the group is not ours to reap.</summary>
    internal static void Forget(int pgid)
    {
        lock (Gate)
            Groups.Remove(pgid);
    }

    /// <summary>One pass over every watched group (SIGCHLD calls it; so may anyone: it never blocks).</summary>
    public static void ReapAll()
    {
        lock (Gate)
        {
            if (Groups.Count == 0)
                return;
            foreach (var (pgid, pending) in Groups.ToArray())
                ReapGroupLocked(pgid, pending);
        }
    }

    private static void ReapGroupLocked(int pgid, bool leaderPending)
    {
        var info = stackalloc byte[ManagedNative.SigInfoBytes];
        // Bounded: a group cannot hold more zombies than there are pids, and each turn reaps one.
        for (var turn = 0; turn < 100_000; turn++)
        {
            new Span<byte>(info, ManagedNative.SigInfoBytes).Clear();
            var options = ManagedNative.WEXITED | ManagedNative.WNOHANG | (leaderPending ? ManagedNative.WNOWAIT : 0);
            // -1 with ECHILD: no child of ours is in the group (EINTR: the next SIGCHLD comes back).
            if (ManagedNative.WaitId(ManagedNative.P_PGID, pgid, info, options) != 0)
                break;
            var pid = *(int*)(info + ManagedNative.SigInfoPidOffset);
            if (pid == 0)
                break; // none of them has ended
            if (leaderPending)
            {
                // Peeked only. The leader is its owner's to reap (its exit status is the pod's); the orphans behind
                // it are reaped once the owner has (LeaderReaped).
                if (pid == pgid || ManagedNative.WaitPid(pid, out _, ManagedNative.WNOHANG) != pid)
                    break;
            }

            Interlocked.Increment(ref s_reaped);
        }

        // Leader reaped and nothing left of the group, not even a zombie: its number may be reused; forget it.
        if (!leaderPending && ManagedNative.Kill(-pgid, 0) != 0 && Marshal.GetLastPInvokeError() == ManagedNative.ESRCH)
            Groups.Remove(pgid);
    }

    private static void Release()
    {
        lock (Gate)
        {
            if (--s_leases > 0)
                return;
            // Last chance for orphans still dying (SIGKILLed with their group a moment ago): a short, bounded wait.
            var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            while (true)
            {
                foreach (var (pgid, pending) in Groups.ToArray())
                    ReapGroupLocked(pgid, pending);
                if (!Groups.ContainsValue(false) || DateTime.UtcNow > deadline)
                    break;
                Thread.Sleep(5);
            }

            Groups.Clear();
            s_sigchld?.Dispose();
            s_sigchld = null;
            if (s_setByUs)
                ManagedNative.Prctl(ManagedNative.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
            s_setByUs = false;
        }
    }

    private sealed class Lease : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                Release();
        }
    }
}
