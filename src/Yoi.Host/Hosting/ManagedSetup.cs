using Yoi.Actors.Managed;

namespace Yoi.Host.Hosting;

/// <summary>What the daemon starts with for its managed pods: the configuration file it read (null: none was found),
/// the <c>--config</c> value it was given, and the pods resolved from the file.</summary>
public sealed record ManagedSetup(string? ConfigPath, string? ConfigFlag, IReadOnlyList<ManagedPodSpec> Pods)
{
    /// <summary>How long stopping the host may take: every pod's stop grace runs at once, plus the rest of the shutdown.</summary>
    public TimeSpan ShutdownTimeout(TimeSpan floor) =>
        Pods.Count == 0 ? floor : TimeSpan.FromTicks(Math.Max(floor.Ticks, (Pods.Max(p => p.StopGrace) + TimeSpan.FromSeconds(10)).Ticks));
}
