using System.Buffers;
using System.Text;

namespace Yoi.Actors.Framing;

/// <summary>
/// Cuts a byte stream into <c>\n</c>-terminated UTF-8 lines (pod wire framing: one JSON value per line).
/// </summary>
/// <remarks>
/// <para><b>Length limit.</b> <see cref="MaxLineBytes"/> counts the bytes of a line <i>before</i> its <c>\n</c>
/// terminator, including a CR of a CRLF ending (it is only stripped once the line is complete). A line of exactly
/// <see cref="MaxLineBytes"/> bytes is accepted; as soon as the current line, complete or not, holds one byte more,
/// the stream fails with <see cref="LineTooLong"/>, for good. At most <see cref="MaxLineBytes"/> bytes are ever buffered.</para>
/// <para><b>Blank lines</b> (empty after trimming Unicode white space, like Rust's <c>str::trim</c>) are skipped.
/// Other lines are delivered untrimmed except for a trailing <c>\r</c>.</para>
/// <para>Not thread-safe: one framer per stream, fed by one reader.</para>
/// </remarks>
public sealed class LineFramer(int maxLineBytes = LineFramer.DefaultMaxLineBytes)
{
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    // A carry-over buffer larger than this goes back to the pool once its line is done, so one huge line
    // does not pin megabytes for the life of the stream.
    private const int RetainedCarryBytes = 64 * 1024;

    // Strict: invalid UTF-8 throws instead of turning into U+FFFD, which is how bad lines are detected.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // What a line may consist of and still be skipped without decoding it.
    private static readonly SearchValues<byte> AsciiWhiteSpace = SearchValues.Create(" \t\r\n\v\f"u8);

    private byte[]? _carry;
    private int _carryLength;
    private long _carryOffset;
    private long _position;
    private LineTooLong? _failure;

    public int MaxLineBytes { get; } = maxLineBytes > 0
        ? maxLineBytes
        : throw new ArgumentOutOfRangeException(nameof(maxLineBytes), maxLineBytes, "must be positive");

    /// <summary>Bytes consumed so far: the stream offset of the next pushed byte.</summary>
    public long Position => _position;

    /// <summary>Feeds one chunk; every complete line goes to <paramref name="sink"/>. Returns null, or the
    /// <see cref="LineTooLong"/> that ended the stream (further pushes then return it again).</summary>
    public LineTooLong? Push(ReadOnlySpan<byte> chunk, ILineSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_failure is not null)
            return _failure;

        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                // The line goes on in a later chunk: check before copying, so the buffer never exceeds the maximum.
                if (_carryLength + chunk.Length > MaxLineBytes)
                    return Fail();
                AppendToCarry(chunk);
                _position += chunk.Length;
                return null;
            }

            var body = chunk[..newline];
            if (_carryLength == 0)
            {
                if (body.Length > MaxLineBytes)
                    return Fail();
                // Wholly inside this chunk: decode straight from it, no copy.
                Deliver(_position, body, sink);
            }
            else
            {
                if (_carryLength + body.Length > MaxLineBytes)
                    return Fail();
                AppendToCarry(body);
                Deliver(_carryOffset, _carry.AsSpan(0, _carryLength), sink);
                ClearCarry();
            }

            _position += newline + 1;
            chunk = chunk[(newline + 1)..];
        }

        return null;
    }

    /// <summary>End of stream: a last line without <c>\n</c> is still a line. Does nothing after a failure; a later
    /// <see cref="Push"/> would start a new line.</summary>
    public void Complete(ILineSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_failure is not null || _carryLength == 0)
            return;
        Deliver(_carryOffset, _carry.AsSpan(0, _carryLength), sink);
        ClearCarry();
    }

    private LineTooLong Fail()
    {
        _failure = new LineTooLong(_carryLength > 0 ? _carryOffset : _position, MaxLineBytes);
        ReleaseCarry();
        return _failure;
    }

    private void AppendToCarry(ReadOnlySpan<byte> bytes)
    {
        if (_carryLength == 0)
            _carryOffset = _position;
        var needed = _carryLength + bytes.Length;
        if (_carry is null || _carry.Length < needed)
        {
            // Callers have checked needed <= MaxLineBytes; doubling keeps appends amortised O(1).
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Min(MaxLineBytes, Math.Max(256, (_carry?.Length ?? 0) * 2))));
            if (_carry is not null)
            {
                _carry.AsSpan(0, _carryLength).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_carry);
            }
            _carry = grown;
        }
        bytes.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength = needed;
    }

    private void ClearCarry()
    {
        _carryLength = 0;
        if (_carry is { Length: > RetainedCarryBytes })
            ReleaseCarry();
    }

    private void ReleaseCarry()
    {
        _carryLength = 0;
        if (_carry is null)
            return;
        ArrayPool<byte>.Shared.Return(_carry);
        _carry = null;
    }

    private static void Deliver(long offset, ReadOnlySpan<byte> line, ILineSink sink)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
            line = line[..^1];
        // Cheap, allocation-free skip of the common blank line; non-ASCII white space is caught after decoding.
        if (line.IndexOfAnyExcept(AsciiWhiteSpace) < 0)
            return;

        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException e)
        {
            sink.OnBadLine(offset, e.Index >= 0
                ? $"invalid UTF-8 at byte {e.Index} of the line (stream offset {offset + e.Index})"
                : "invalid UTF-8");
            return;
        }

        if (!string.IsNullOrWhiteSpace(text))
            sink.OnLine(offset, text);
    }
}
