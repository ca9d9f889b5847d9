namespace Yoi.Actors.Diagnostics;

/// <summary>What this process holds open, read from <c>/proc/self</c> — the measure the original tool's leak failed.</summary>
public static class ProcessResources
{
    /// <summary>Open file descriptors of this process (entries of <c>/proc/self/fd</c>), or -1 where /proc is unavailable.</summary>
    public static int OpenFileDescriptors()
    {
        try
        {
            // The directory handle used to list them is one of the entries: it is not this process's own.
            return Math.Max(0, Directory.GetFileSystemEntries("/proc/self/fd").Length - 1);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>Open file descriptors of this process besides those of its loaded assemblies (link targets ending in
    /// <c>.dll</c>), or -1. The runtime holds each assembly's file open from its first use for the process's life, so
    /// a code path met for the first time (a restart, a name lookup) adds fds once, not per poll.</summary>
    public static int OpenFileDescriptorsBesidesCode()
    {
        try
        {
            var count = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                // An fd can close between listing and reading: then it has no target and is counted as it was.
                var target = new FileInfo(fd).LinkTarget;
                if (target is null || !target.EndsWith(".dll", StringComparison.Ordinal))
                    count++;
            }

            // The directory handle used to list them is one of the entries: it is not this process's own.
            return Math.Max(0, count - 1);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>Open sockets of this process (fds whose link reads <c>socket:[…]</c>), or -1 where /proc is unavailable.</summary>
    public static int OpenSockets()
    {
        try
        {
            var count = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                // An fd can close between listing and reading; that one is simply not counted.
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
                    count++;
            }

            return count;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>Threads of this process (<c>/proc/self/task</c>), or -1.</summary>
    public static int Threads()
    {
        try
        {
            return Directory.GetDirectories("/proc/self/task").Length;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Resident memory in bytes (VmRSS of <c>/proc/self/status</c>), or -1.</summary>
    public static long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    continue;
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }
}
