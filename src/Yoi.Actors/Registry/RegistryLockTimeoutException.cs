namespace Yoi.Actors.Registry;

/// <summary>Another process held the <c>flock</c> on the registry for longer than the caller was willing to wait.</summary>
public sealed class RegistryLockTimeoutException(string path, TimeSpan timeout)
    : RegistryException($"timed out after {timeout.TotalMilliseconds:0} ms waiting for the lock on {path} (another process holds it)")
{
    public string FilePath { get; } = path;
    public TimeSpan Timeout { get; } = timeout;
}
