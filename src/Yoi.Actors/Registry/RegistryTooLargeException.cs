namespace Yoi.Actors.Registry;

/// <summary>The registry is larger than <see cref="RegistryOptions.MaxBytes"/>; nothing of it was parsed.</summary>
public sealed class RegistryTooLargeException(string path, long size, long limit, bool atLeast)
    : RegistryException($"{path} is {(atLeast ? "at least " : "")}{size} bytes, over the limit of {limit} bytes: refusing to read it")
{
    public string FilePath { get; } = path;

    /// <summary>The size seen (a lower bound when the file grew while being read).</summary>
    public long Size { get; } = size;

    public long Limit { get; } = limit;
}
