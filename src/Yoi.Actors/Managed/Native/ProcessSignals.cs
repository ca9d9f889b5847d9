namespace Yoi.Actors.Managed.Native;

/// <summary>Signals to a process by pid, and the processes this one has started.</summary>
public static class ProcessSignals
{
    public const int SIGINT = ManagedNative.SIGINT;
    public const int SIGKILL = ManagedNative.SIGKILL;
    public const int SIGTERM = ManagedNative.SIGTERM;

    /// <summary>kill(pid, signal); false when no such process (or not ours to signal). A pid that is not positive is
    /// refused: 0 and negative pids would address process groups.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && ManagedNative.Kill(pid, signal) == 0;

    /// <summary>The pids whose parent is this process (zombies included), from <c>/proc</c>.</summary>
    public static IReadOnlyList<int> Children()
    {
        var self = Environment.ProcessId;
        var children = new List<int>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcFs.Stat(pid) is { } stat && stat.Ppid == self)
                    children.Add(pid);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc: nothing to say.
        }

        return children;
    }
}
