namespace Yoi.Actors.Registry;

/// <summary>How long and how much a registry read may take.</summary>
public sealed record RegistryOptions
{
    /// <summary>64 MiB: far above any real registry (a few hundred bytes per allocation), far below trouble.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    public static RegistryOptions Default { get; } = new();

    /// <summary>How long to wait for a writer's exclusive <c>flock</c> to go.</summary>
    public TimeSpan LockTimeout { get; init; } = PodRegistry.DefaultLockTimeout;

    /// <summary>A larger file is refused, not read.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>How long reading the content (once locked) may take; checked between chunks, so a stalled file system
    /// (FUSE, NFS) that returns data slowly is given up on, though a single read(2) that never returns cannot be.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LockTimeout, TimeSpan.Zero, nameof(LockTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBytes, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(MaxBytes, (long)Array.MaxLength, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadTimeout, TimeSpan.Zero, nameof(ReadTimeout));
    }
}
