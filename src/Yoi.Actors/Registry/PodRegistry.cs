namespace Yoi.Actors.Registry;

/// <summary>Reads and writes one registry file (<c>pods.json</c> or <c>workers.json</c>) under <c>flock(2)</c>,
/// interoperating with the Rust runtime's locking. <see cref="FleetRegistry"/> reads both files at once.</summary>
/// <remarks>
/// Writers hold an exclusive lock on the file itself for the whole read-modify-write and rewrite it in place; readers
/// hold a shared lock while reading, so they never see a half-written file. Lock waits poll with a short backoff and
/// block the calling thread for up to the timeout: call from a thread that may block, not from an actor's dispatcher loop.
/// The file's name decides its flavor (<see cref="RegistryFlavors.OfPath"/>): the name key read and written is
/// <c>worker_name</c> in <c>workers.json</c>, <c>pod_name</c> in any other file.
/// </remarks>
public static class PodRegistry
{
    /// <summary>The June runtime's <c>pods.json</c>; <see cref="RegistryFlavors"/> has both names.</summary>
    public const string FileName = "pods.json";

    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(2);

    public static string PathIn(string runtimeDir) => PathIn(runtimeDir, RegistryFlavor.Pods);

    public static string PathIn(string runtimeDir, RegistryFlavor flavor) => Path.Combine(runtimeDir, flavor.FileName);

    /// <summary>The allocations (missing or empty file: none), every one with the file's <see cref="PodAllocation.Flavor"/>.
    /// Names are not validated here (<see cref="FleetRegistry"/> does that).</summary>
    /// <exception cref="RegistryCorruptException">Not valid JSON (the message gives line and position).</exception>
    /// <exception cref="RegistryLockTimeoutException">A writer held the lock past the timeout.</exception>
    /// <exception cref="RegistryNotAFileException">A FIFO, device, directory or socket is at the path (or a link leads to one).</exception>
    /// <exception cref="RegistryTooLargeException">Larger than <see cref="RegistryOptions.MaxBytes"/>.</exception>
    /// <exception cref="RegistryReadTimeoutException">Reading took longer than <see cref="RegistryOptions.ReadTimeout"/>.</exception>
    /// <exception cref="RegistryException">Wrong shape, or the file could not be opened or read.</exception>
    public static IReadOnlyList<PodAllocation> Read(string registryPath, TimeSpan? lockTimeout = null) =>
        Read(registryPath, RegistryOptions.Default with { LockTimeout = Timeout(lockTimeout) });

    /// <inheritdoc cref="Read(string, TimeSpan?)"/>
    public static IReadOnlyList<PodAllocation> Read(string registryPath, RegistryOptions options) =>
        ReadFile(registryPath, options) ?? [];

    /// <summary>As <see cref="Read(string, RegistryOptions)"/>, but null when there is no file; out of descriptors, the
    /// open is retried with <paramref name="reserve"/>'s released.</summary>
    internal static IReadOnlyList<PodAllocation>? ReadFile(string registryPath, RegistryOptions options, RegistryFdReserve? reserve = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryPath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        byte[] content;
        using (var file = RegistryFile.OpenShared(registryPath, options.LockTimeout, reserve))
        {
            if (file is null)
                return null;
            content = file.ReadAll(options.MaxBytes, options.ReadTimeout);
        }
        reserve?.Replenish();
        // Parsed after the lock is released: readers hold it only for the read itself.
        using var document = RegistryJson.Parse(registryPath, content);
        return RegistryJson.Allocations(registryPath, document, RegistryFlavors.OfPath(registryPath));
    }

    /// <summary>Adds or replaces (by name) one allocation, creating the file 0600 and its directory 0700. The name is written
    /// under the file's key (<c>worker_name</c> in <c>workers.json</c>), whatever <see cref="PodAllocation.Flavor"/> says.</summary>
    /// <remarks>A corrupt or wrongly shaped file is reported, never overwritten. The file is written as the runtime writes it
    /// (serde_json's pretty format); unknown top-level keys and other allocations' fields are kept, and the replaced entry
    /// is written afresh.</remarks>
    /// <exception cref="ArgumentException">Invalid name (see <see cref="PodNames.Validate"/>) or negative pid.</exception>
    public static void Register(string registryPath, PodAllocation allocation, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryPath);
        ArgumentNullException.ThrowIfNull(allocation);
        var flavor = RegistryFlavors.OfPath(registryPath);
        if (PodNames.Validate(allocation.PodName) is { } reason)
            throw new ArgumentException($"invalid {flavor.Noun} name: {reason}", nameof(allocation));
        if (allocation.Pid < 0)
            throw new ArgumentException($"pid must not be negative, got {allocation.Pid}", nameof(allocation));
        ArgumentNullException.ThrowIfNull(allocation.Socket, "allocation.Socket");
        var timeout = Timeout(lockTimeout);

        CreateDirectory(registryPath, flavor);
        using var file = RegistryFile.OpenExclusive(registryPath, timeout, create: true)!;
        using var document = RegistryJson.Parse(registryPath, ReadForRewrite(file));
        var current = RegistryJson.Allocations(registryPath, document, flavor);
        file.Overwrite(RegistryJson.Rewrite(registryPath, flavor, document, current, allocation.PodName, allocation));
    }

    /// <summary>Removes the allocation named <paramref name="podName"/>; false when there was none (the file is then left
    /// untouched, and not created).</summary>
    public static bool Unregister(string registryPath, string podName, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryPath);
        ArgumentNullException.ThrowIfNull(podName);
        var flavor = RegistryFlavors.OfPath(registryPath);
        using var file = RegistryFile.OpenExclusive(registryPath, Timeout(lockTimeout), create: false);
        if (file is null)
            return false;
        using var document = RegistryJson.Parse(registryPath, ReadForRewrite(file));
        var current = RegistryJson.Allocations(registryPath, document, flavor);
        if (!current.Any(a => a.PodName == podName))
            return false;
        file.Overwrite(RegistryJson.Rewrite(registryPath, flavor, document, current, podName, replacement: null));
        return true;
    }

    private static byte[] ReadForRewrite(RegistryFile file) =>
        file.ReadAll(RegistryOptions.Default.MaxBytes, RegistryOptions.Default.ReadTimeout);

    private static TimeSpan Timeout(TimeSpan? lockTimeout)
    {
        var timeout = lockTimeout ?? DefaultLockTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(lockTimeout));
        return timeout;
    }

    private static void CreateDirectory(string registryPath, RegistryFlavor flavor)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the registry relies on flock(2) and Unix file modes");
        var directory = Path.GetDirectoryName(Path.GetFullPath(registryPath))!;
        try
        {
            // Only directories created here get 0700; existing ones are left as they are, like the runtime does.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot create the directory {directory} for {flavor.FileName}: {e.Message}", e);
        }
    }
}
