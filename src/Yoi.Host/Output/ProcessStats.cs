namespace Yoi.Host.Output;

/// <summary>Resource counts of this process.</summary>
public static class ProcessStats
{
    /// <summary>Entries of <c>/proc/self/fd</c> (the enumeration's own descriptor excluded); -1 where there is no procfs.</summary>
    public static int OpenFileDescriptors()
    {
        try
        {
            // The directory handle used to enumerate is itself one entry; do not count it.
            return Math.Max(0, Directory.GetFileSystemEntries("/proc/self/fd").Length - 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>How many of this process's descriptors are sockets (<c>socket:[…]</c> links in <c>/proc/self/fd</c>); -1 without procfs.</summary>
    public static int OpenSockets()
    {
        try
        {
            var count = 0;
            foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                try
                {
                    if (new FileInfo(entry).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true) count++;
                }
                catch (IOException)
                {
                    // Closed while we looked.
                }
            }

            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
