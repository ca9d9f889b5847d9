using System.Text;

namespace Yoi.Actors.Framing;

/// <summary>The writer side of the pod wire framing: one compact JSON value per <c>\n</c>-terminated UTF-8 line.</summary>
public static class JsonLines
{
    // Strict: a lone surrogate would otherwise silently become U+FFFD on the wire.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 of <paramref name="compactJson"/> followed by <c>\n</c>.</summary>
    /// <exception cref="ArgumentException">The text holds a raw <c>\n</c> (it would become two lines) or an unpaired surrogate.</exception>
    public static byte[] Encode(string compactJson)
    {
        ArgumentNullException.ThrowIfNull(compactJson);
        var newline = compactJson.IndexOf('\n', StringComparison.Ordinal);
        if (newline >= 0)
            throw new ArgumentException($"a JSON line must not contain a raw newline (found at index {newline}); serialize compactly", nameof(compactJson));

        try
        {
            var length = StrictUtf8.GetByteCount(compactJson);
            var bytes = new byte[length + 1];
            StrictUtf8.GetBytes(compactJson, bytes);
            bytes[length] = (byte)'\n';
            return bytes;
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"the text is not valid UTF-16 (unpaired surrogate at index {e.Index})", nameof(compactJson), e);
        }
    }
}
