namespace Yoi.Actors.Registry;

/// <summary>Reading the registry's content took longer than <see cref="RegistryOptions.ReadTimeout"/> (a slow or stalled
/// file system); what was read is discarded.</summary>
public sealed class RegistryReadTimeoutException(string path, TimeSpan timeout, long bytesRead)
    : RegistryException($"reading {path} took longer than {timeout.TotalMilliseconds:0.###} ms ({bytesRead} bytes read): gave up")
{
    public string FilePath { get; } = path;
    public TimeSpan Timeout { get; } = timeout;
}
