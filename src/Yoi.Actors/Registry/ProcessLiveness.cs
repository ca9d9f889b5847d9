using System.Runtime.InteropServices;

namespace Yoi.Actors.Registry;

/// <summary><c>kill(pid, 0)</c> semantics: ESRCH = dead, EPERM = alive.</summary>
public static class ProcessLiveness
{
    /// <summary>Whether a process with this pid exists (possibly owned by another user). A pid that is not positive
    /// is dead: 0 and negative pids would address process groups.</summary>
    /// <remarks>Only the pid is checked: a recycled pid of an unrelated process reads as alive.</remarks>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
            return false;
        if (LibC.Kill(pid, 0) == 0)
            return true;
        return Marshal.GetLastPInvokeError() == LibC.EPERM;
    }
}
