namespace Yoi.Actors.Registry;

/// <summary>Reads and writes <c>pods.json</c> under <c>flock(2)</c>, interoperating with the Rust runtime's locking.</summary>
/// <remarks>
/// Writers hold an exclusive lock on the file itself for the whole read-modify-write and rewrite it in place; readers
/// hold a shared lock while reading, so they never see a half-written file. Lock waits poll with a short backoff and
/// block the calling thread for up to the timeout: call from a thread that may block, not from an actor's dispatcher loop.
/// </remarks>
public static class PodRegistry
{
    public const string FileName = "pods.json";

    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(2);

    public static string PathIn(string runtimeDir) => Path.Combine(runtimeDir, FileName);

    /// <summary>The allocations (missing or empty file: none). Throws <see cref="RegistryException"/> (corrupt JSON, lock not had in time, I/O).</summary>
    /// <exception cref="RegistryCorruptException">Not valid JSON (the message gives line and position).</exception>
    /// <exception cref="RegistryLockTimeoutException">A writer held the lock past the timeout.</exception>
    /// <exception cref="RegistryException">Wrong shape, or the file could not be opened or read.</exception>
    public static IReadOnlyList<PodAllocation> Read(string registryPath, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryPath);
        byte[] content;
        using (var file = RegistryFile.OpenShared(registryPath, Timeout(lockTimeout)))
        {
            if (file is null)
                return [];
            content = file.ReadAll();
        }
        // Parsed after the lock is released: readers hold it only for the read itself.
        using var document = RegistryJson.Parse(registryPath, content);
        return RegistryJson.Allocations(registryPath, document);
    }

    /// <summary>Adds or replaces (by pod name) one allocation, creating the file 0600 and its directory 0700.</summary>
    /// <remarks>A corrupt or wrongly shaped file is reported, never overwritten. Unknown top-level keys and other
    /// pods' entries are kept verbatim; the replaced entry is written afresh.</remarks>
    /// <exception cref="ArgumentException">Invalid pod name (see <see cref="PodNames.Validate"/>) or negative pid.</exception>
    public static void Register(string registryPath, PodAllocation allocation, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryPath);
        ArgumentNullException.ThrowIfNull(allocation);
        if (PodNames.Validate(allocation.PodName) is { } reason)
            throw new ArgumentException(reason, nameof(allocation));
        if (allocation.Pid < 0)
            throw new ArgumentException($"pid must not be negative, got {allocation.Pid}", nameof(allocation));
        ArgumentNullException.ThrowIfNull(allocation.Socket, "allocation.Socket");
        var timeout = Timeout(lockTimeout);

        CreateDirectory(registryPath);
        using var file = RegistryFile.OpenExclusive(registryPath, timeout, create: true)!;
        using var document = RegistryJson.Parse(registryPath, file.ReadAll());
        var current = RegistryJson.Allocations(registryPath, document);
        file.Overwrite(RegistryJson.Rewrite(document, current, allocation.PodName, allocation));
    }

    /// <summary>Removes the allocation of <paramref name="podName"/>; false when there was none (the file is then left untouched,
    /// and not created).</summary>
    public static bool Unregister(string registryPath, string podName, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryPath);
        ArgumentNullException.ThrowIfNull(podName);
        using var file = RegistryFile.OpenExclusive(registryPath, Timeout(lockTimeout), create: false);
        if (file is null)
            return false;
        using var document = RegistryJson.Parse(registryPath, file.ReadAll());
        var current = RegistryJson.Allocations(registryPath, document);
        if (!current.Any(a => a.PodName == podName))
            return false;
        file.Overwrite(RegistryJson.Rewrite(document, current, podName, replacement: null));
        return true;
    }

    private static TimeSpan Timeout(TimeSpan? lockTimeout)
    {
        var timeout = lockTimeout ?? DefaultLockTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(lockTimeout));
        return timeout;
    }

    private static void CreateDirectory(string registryPath)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the pod registry relies on flock(2) and Unix file modes");
        var directory = Path.GetDirectoryName(Path.GetFullPath(registryPath))!;
        try
        {
            // Only directories created here get 0700; existing ones are left as they are, like the runtime does.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot create the directory {directory} for {FileName}: {e.Message}", e);
        }
    }
}
