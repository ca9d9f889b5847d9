using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Yoi.Host.Control.Requests;

/// <summary>Log bytes into lines, a plain type: complete lines (without the newline) as they come, a line longer than
/// <see cref="MaxLineBytes"/> in pieces of that size, the unterminated rest held until more comes or
/// <see cref="TakePartial"/>. Invalid UTF-8 becomes U+FFFD. The held rest is bounded by <see cref="MaxLineBytes"/>.</summary>
public sealed class LogLines
{
    /// <summary>The longest piece of a line sent as one <c>log_line</c>.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private readonly byte[] _partial = new byte[MaxLineBytes];
    private int _partialLength;

    /// <summary>Bytes of an unterminated line waiting for its end.</summary>
    public int PartialLength => _partialLength;

    public void Push(ReadOnlySpan<byte> bytes, List<string> lines)
    {
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var take = newline < 0 ? bytes.Length : newline;
            var room = MaxLineBytes - _partialLength;
            if (take > room || (newline < 0 && take == room))
            {
                // The line is longer than a piece: what fills this one goes out now.
                bytes[..room].CopyTo(_partial.AsSpan(_partialLength));
                _partialLength = MaxLineBytes;
                lines.Add(TakePartial()!);
                bytes = bytes[room..];
                continue;
            }

            bytes[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            if (newline < 0)
                return;
            lines.Add(TakePartial() ?? "");
            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>The unterminated rest, if any (then forgotten).</summary>
    public string? TakePartial()
    {
        if (_partialLength == 0)
            return null;
        var text = Encoding.UTF8.GetString(_partial, 0, _partialLength);
        _partialLength = 0;
        return text;
    }

    /// <summary>Forgets the unterminated rest (the file was truncated under it).</summary>
    public void Reset() => _partialLength = 0;

    /// <summary>Where the last <paramref name="lines"/> lines of the first <paramref name="length"/> bytes of the file
    /// begin, looking back at most <paramref name="maxScanBytes"/>; past that the tail starts at the first line that
    /// begins within them. A final newline ends the last line, it does not begin another.</summary>
    public static long StartOfLastLines(SafeFileHandle file, long length, int lines, long maxScanBytes)
    {
        if (lines <= 0 || length == 0)
            return length;
        var limit = Math.Max(0, length - maxScanBytes);
        var buffer = new byte[64 * 1024];
        var end = length;
        var found = 0;
        var first = true;
        while (end > limit)
        {
            var size = (int)Math.Min(buffer.Length, end - limit);
            var start = end - size;
            var read = ReadExactly(file, buffer.AsSpan(0, size), start);
            var chunk = buffer.AsSpan(0, read);
            for (var i = chunk.Length - 1; i >= 0; i--)
            {
                if (chunk[i] != (byte)'\n') continue;
                if (first && start + i == length - 1)
                {
                    // The file's final newline.
                    first = false;
                    continue;
                }

                first = false;
                if (++found == lines)
                    return start + i + 1;
            }

            first = false;
            end = start;
        }

        if (limit == 0)
            return 0;
        // Cut by the scan bound: start after the first newline at or past the limit.
        var probe = new byte[Math.Min(buffer.Length, (int)Math.Min(int.MaxValue, length - limit))];
        for (var at = limit; at < length;)
        {
            var n = ReadExactly(file, probe, at);
            if (n == 0) break;
            var nl = probe.AsSpan(0, n).IndexOf((byte)'\n');
            if (nl >= 0) return at + nl + 1;
            at += n;
        }

        return length;
    }

    private static int ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(file, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }

        return total;
    }
}
