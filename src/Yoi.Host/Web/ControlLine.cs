using System.Text;

namespace Yoi.Host.Web;

/// <summary>One control event line as the codec writes it without an id — <c>{"event":"NAME","data":DATA}</c> — cut into
/// its name and its data's bytes without parsing (the codec writes exactly that shape: the HTTP API passes the data on
/// as it is).</summary>
public readonly record struct ControlLine(string Event, ReadOnlyMemory<byte> Data)
{
    private static readonly byte[] Prefix = "{\"event\":\""u8.ToArray();
    private static readonly byte[] DataKey = "\",\"data\":"u8.ToArray();

    // Event names are few: interned, so a stream allocates no string per line.
    private static readonly string[] Known =
    [
        "fleet", "cycle", "change", "pod_event", "attached", "detached", "undecodable", "sent", "error", "process_state",
        "logs", "log_line",
    ];

    /// <summary>Splits <paramref name="chunk"/> (whole lines) into its lines.</summary>
    public static IEnumerable<ControlLine> Split(ReadOnlyMemory<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var end = chunk.Span.IndexOf((byte)'\n');
            var line = end < 0 ? chunk : chunk[..end];
            chunk = end < 0 ? ReadOnlyMemory<byte>.Empty : chunk[(end + 1)..];
            if (!line.IsEmpty)
                yield return Parse(line);
        }
    }

    public static ControlLine Parse(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        if (!span.StartsWith(Prefix) || span[^1] != (byte)'}')
            throw new FormatException("not a control event line");
        var rest = span[Prefix.Length..];
        var quote = rest.IndexOf((byte)'"');
        if (quote < 0 || !rest[quote..].StartsWith(DataKey))
            throw new FormatException("not a control event line");
        var name = Intern(rest[..quote]);
        var start = Prefix.Length + quote + DataKey.Length;
        return new ControlLine(name, line[start..^1]);
    }

    private static string Intern(ReadOnlySpan<byte> name)
    {
        foreach (var known in Known)
        {
            if (name.Length == known.Length && Encoding.ASCII.GetByteCount(known) == name.Length && Matches(name, known))
                return known;
        }

        return Encoding.UTF8.GetString(name);
    }

    private static bool Matches(ReadOnlySpan<byte> bytes, string text)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i]) return false;
        }

        return true;
    }

    public string DataText => Encoding.UTF8.GetString(Data.Span);
}
