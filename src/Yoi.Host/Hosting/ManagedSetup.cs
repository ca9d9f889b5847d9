using Yoi.Actors.Managed;

namespace Yoi.Host.Hosting;

/// <summary>What the daemon starts with for its managed pods: the configuration file it read (null: none was found),
/// the <c>--config</c> value it was given, and the pods resolved from the file.</summary>
public sealed record ManagedSetup(string? ConfigPath, string? ConfigFlag, IReadOnlyList<ManagedPodSpec> Pods)
{
    /// <summary>How long stopping the pods may take at shutdown: every pod's stop grace runs at once; the managed pods'
    /// shutdown task waits up to 1.5 × the longest grace + 5 s for them (then their owners' PostStop kills the rest).</summary>
    public TimeSpan StopAllTimeout =>
        Pods.Count == 0 ? TimeSpan.Zero : Pods.Max(p => p.StopGrace) * 1.5 + TimeSpan.FromSeconds(5);

    /// <summary>How long the host's shutdown may take: the pods' and the rest of it.</summary>
    public TimeSpan ShutdownTimeout(TimeSpan floor) =>
        Pods.Count == 0 ? floor : TimeSpan.FromTicks(Math.Max(floor.Ticks, (StopAllTimeout + TimeSpan.FromSeconds(20)).Ticks));
}
