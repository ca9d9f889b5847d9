using System.Runtime.InteropServices;

namespace Yoi.Host.Hosting;

/// <summary>The process's file-descriptor limit (<c>RLIMIT_NOFILE</c>): the daemon raises its soft limit to the hard one
/// at start, and sizes its control-connection cap from what it got.</summary>
public static partial class FdLimits
{
    private const int RlimitNofile = 7; // Linux, every architecture .NET runs on

    /// <summary>The largest default cap on control connections.</summary>
    public const int MaxDefaultControlConnections = 1024;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in RLimit limit);

    /// <summary>The soft limit, or null when it cannot be read (or is unlimited).</summary>
    public static long? Soft() => getrlimit(RlimitNofile, out var limit) == 0 && limit.Current < long.MaxValue ? (long)limit.Current : null;

    /// <summary>Raises the soft limit to the hard limit; returns the soft limit in force afterwards (null: unknown).
    /// Failing to raise it is not an error: the daemon then lives within what it has.</summary>
    public static long? RaiseSoftToHard()
    {
        if (getrlimit(RlimitNofile, out var limit) != 0)
            return null;
        if (limit.Current < limit.Max)
        {
            var raised = limit with { Current = limit.Max };
            if (setrlimit(RlimitNofile, raised) == 0)
                limit = raised;
        }

        return limit.Current < long.MaxValue ? (long)limit.Current : null;
    }

    /// <summary>The default cap on control connections: a quarter of the fd limit, at most
    /// <see cref="MaxDefaultControlConnections"/>, so that pods, probes and the registry always have the larger part.</summary>
    public static int DefaultControlConnections(long? softLimit) =>
        softLimit is { } limit ? (int)Math.Clamp(limit / 4, 1, MaxDefaultControlConnections) : MaxDefaultControlConnections;
}
