namespace Yoi.Actors.Connections;

/// <summary>The actor-system settings a <see cref="PodConnectionActor"/> reads: set once by the host from its options,
/// so that every connection (probes, sessions) gets them without each owner passing them down.</summary>
public static class PodConnectionConfig
{
    /// <summary>How long one method's write may take before the connection is closed (a pod that does not read).</summary>
    public const string WriteTimeoutPath = "yoi.pod-connection.write-timeout";

    public static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(10);

    public static string Hocon(TimeSpan writeTimeout) => $"{WriteTimeoutPath} = {(long)writeTimeout.TotalMilliseconds}ms";
}
