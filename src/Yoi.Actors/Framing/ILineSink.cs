namespace Yoi.Actors.Framing;

/// <summary>Receives what a <see cref="LineFramer"/> cuts out of a byte stream.</summary>
public interface ILineSink
{
    /// <summary>A complete, non-blank line (terminator and a trailing <c>\r</c> removed), starting at byte <paramref name="offset"/> of the stream.</summary>
    void OnLine(long offset, string line);

    /// <summary>A line that could not be turned into text (invalid UTF-8): skipped, the stream goes on.</summary>
    void OnBadLine(long offset, string reason);
}
