namespace Yoi.Actors.Registry;

/// <summary><c>pods.json</c> is not parseable JSON (or not UTF-8); <see cref="Line"/> and <see cref="Position"/> are 1-based
/// (position counts bytes within the line).</summary>
public sealed class RegistryCorruptException(string path, long line, long position, string reason, Exception? inner = null)
    : RegistryException($"{path} is not valid JSON at line {line}, position {position}: {reason}", inner)
{
    public string FilePath { get; } = path;
    public long Line { get; } = line;
    public long Position { get; } = position;
}
