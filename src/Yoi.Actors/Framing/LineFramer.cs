namespace Yoi.Actors.Framing;

/// <summary>Cuts a byte stream into <c>\n</c>-terminated UTF-8 lines. CONTRACT STUB.</summary>
public sealed class LineFramer(int maxLineBytes = LineFramer.DefaultMaxLineBytes)
{
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    public int MaxLineBytes { get; } = maxLineBytes;

    /// <summary>Feeds one chunk; every complete line goes to <paramref name="sink"/>. Returns null, or the
    /// <see cref="LineTooLong"/> that ended the stream (further pushes then return it again).</summary>
    public LineTooLong? Push(ReadOnlySpan<byte> chunk, ILineSink sink) => throw new NotImplementedException();

    /// <summary>End of stream: a last line without <c>\n</c> is still a line.</summary>
    public void Complete(ILineSink sink) => throw new NotImplementedException();
}
