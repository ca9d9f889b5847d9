using System.Globalization;
using System.Runtime.InteropServices;

namespace Yoi.Benchmarks.Infra;

/// <summary>Resource readings from <c>/proc</c> (any pid) and <c>getrusage</c> (this process).</summary>
public static partial class ProcInfo
{
    private static readonly double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux we run on.

    public static int Fds(int? pid = null) => Count($"/proc/{Who(pid)}/fd");

    public static int Threads(int? pid = null) => Count($"/proc/{Who(pid)}/task");

    public static int Sockets(int? pid = null)
    {
        try
        {
            var n = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{Who(pid)}/fd"))
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (IOException)
                {
                    continue;
                }

                if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
                    n++;
            }

            return n;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>What the open fds are: link targets grouped by kind (socket, pipe, anon_inode:[eventpoll], a path…).</summary>
    public static SortedDictionary<string, int> FdKinds(int? pid = null)
    {
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{Who(pid)}/fd"))
            {
                string kind;
                try
                {
                    kind = new FileInfo(fd).LinkTarget ?? "?";
                }
                catch (IOException)
                {
                    continue;
                }

                var bracket = kind.IndexOf('[', StringComparison.Ordinal);
                if (kind.StartsWith("socket:", StringComparison.Ordinal) || kind.StartsWith("pipe:", StringComparison.Ordinal))
                    kind = kind[..bracket];
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return kinds;
    }

    /// <summary>VmRSS in bytes, or -1.</summary>
    public static long Rss(int? pid = null) => StatusField(pid, "VmRSS:");

    /// <summary>VmHWM (peak resident) in bytes, or -1.</summary>
    public static long PeakRss(int? pid = null) => StatusField(pid, "VmHWM:");

    /// <summary>User + system CPU time of a process from <c>/proc/PID/stat</c> (10 ms resolution).</summary>
    public static TimeSpan Cpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is state (field 3); utime is field 14, stime field 15.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>User + system CPU time of this process (microsecond resolution).</summary>
    public static TimeSpan SelfCpu()
    {
        if (getrusage(0, out var usage) != 0)
            return Environment.CpuUsage.TotalTime;
        var us = usage.UserSec * 1_000_000 + usage.UserUsec + usage.SysSec * 1_000_000 + usage.SysUsec;
        return TimeSpan.FromMicroseconds(us);
    }

    /// <summary>User + system CPU time of this process's terminated and reaped children (RUSAGE_CHILDREN): the delta
    /// across one child run alone is that child's CPU, a figure a loaded machine distorts far less than wall time.</summary>
    public static TimeSpan ChildrenCpu()
    {
        if (getrusage(-1, out var usage) != 0)
            return TimeSpan.Zero;
        var us = usage.UserSec * 1_000_000 + usage.UserUsec + usage.SysSec * 1_000_000 + usage.SysUsec;
        return TimeSpan.FromMicroseconds(us);
    }

    /// <summary>Raises the soft open-files limit to the hard limit (children inherit it). Returns (soft, hard) after.</summary>
    public static (ulong Soft, ulong Hard) RaiseFdLimit(ulong wanted = ulong.MaxValue)
    {
        const int RlimitNofile = 7;
        if (getrlimit(RlimitNofile, out var limit) != 0)
            return (0, 0);
        var target = Math.Min(wanted, limit.Max);
        if (limit.Cur < target)
        {
            var raised = new RLimit { Cur = target, Max = limit.Max };
            if (setrlimit(RlimitNofile, ref raised) == 0)
                limit = raised;
        }

        return (limit.Cur, limit.Max);
    }

    private static string Who(int? pid) => pid?.ToString(CultureInfo.InvariantCulture) ?? "self";

    private static int Count(string dir)
    {
        try
        {
            return Directory.GetFileSystemEntries(dir).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static long StatusField(int? pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Who(pid)}/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal))
                    continue;
                var kib = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Cur;
        public ulong Max;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSec;
        public long UserUsec;
        public long SysSec;
        public long SysUsec;
        // The rest of struct rusage (14 longs) is not read but must have room.
        public long R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, ref RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out RUsage usage);
}
