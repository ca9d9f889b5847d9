namespace Yoi.Actors.Managed;

/// <summary>The line a pod writes on stderr once it listens: <c>YOI-READY\t&lt;name&gt;\t&lt;socket&gt;</c>.</summary>
public static class ReadyLine
{
    public const string Prefix = "YOI-READY\t";

    public static string Format(string name, string socket) => $"{Prefix}{name}\t{socket}";

    /// <summary>The socket, when <paramref name="line"/> (without its newline; a trailing CR is ignored) is the ready
    /// line of <paramref name="name"/>. Another pod's ready line (a wrapper script starting several) is not ours.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, string name, out string socket)
    {
        socket = "";
        if (line.EndsWith("\r"))
            line = line[..^1];
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = line[Prefix.Length..];
        var tab = rest.IndexOf('\t');
        if (tab < 0 || !rest[..tab].SequenceEqual(name))
            return false;
        var path = rest[(tab + 1)..];
        if (path.IsEmpty || path.Contains('\t'))
            return false;
        socket = path.ToString();
        return true;
    }
}
