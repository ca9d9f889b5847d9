namespace Yoi.Actors.Connections;

/// <summary>Why a connect failed, in the terms a probe reports.</summary>
public enum ConnectError
{
    /// <summary>A socket file exists but nobody listens on it.</summary>
    Refused,
    /// <summary>No socket file at the path.</summary>
    Missing,
    /// <summary>Permission denied on the socket or a directory above it.</summary>
    Denied,
    /// <summary>The process (or the system) is out of file descriptors: no socket could be made.</summary>
    NoDescriptor,
    /// <summary>Anything else (path too long, not a socket, …); the detail says what.</summary>
    Failed,
}
