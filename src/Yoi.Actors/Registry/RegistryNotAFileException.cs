namespace Yoi.Actors.Registry;

/// <summary>Something other than a regular file (a FIFO, a device, a directory, a socket) sits at the registry's path,
/// itself or at the end of a symbolic link; it is not read, so it can neither block the reader nor pass for an empty fleet.</summary>
public sealed class RegistryNotAFileException(string path, string kind, string? linkTarget)
    : RegistryException(linkTarget is null
        ? $"{path} is {kind}, not a regular file: refusing to read it"
        : $"{path} is a symbolic link to {linkTarget}, which is {kind}, not a regular file: refusing to read it")
{
    public string FilePath { get; } = path;

    /// <summary>"a FIFO", "a character device", "a block device", "a directory", "a socket" or "not a regular file".</summary>
    public string Kind { get; } = kind;
}
