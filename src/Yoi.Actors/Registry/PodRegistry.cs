namespace Yoi.Actors.Registry;

/// <summary>Reads and writes <c>pods.json</c> under <c>flock(2)</c>. CONTRACT STUB.</summary>
public static class PodRegistry
{
    public const string FileName = "pods.json";

    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(2);

    public static string PathIn(string runtimeDir) => Path.Combine(runtimeDir, FileName);

    /// <summary>The allocations (missing or empty file: none). Throws <see cref="RegistryException"/> (corrupt JSON, lock not had in time, I/O).</summary>
    public static IReadOnlyList<PodAllocation> Read(string registryPath, TimeSpan? lockTimeout = null) => throw new NotImplementedException();

    /// <summary>Adds or replaces (by pod name) one allocation, creating the file 0600 and its directory 0700.</summary>
    public static void Register(string registryPath, PodAllocation allocation, TimeSpan? lockTimeout = null) => throw new NotImplementedException();

    /// <summary>Removes the allocation of <paramref name="podName"/>; false when there was none.</summary>
    public static bool Unregister(string registryPath, string podName, TimeSpan? lockTimeout = null) => throw new NotImplementedException();
}
