namespace Yoi.Actors.Protocol;

/// <summary>
/// UUIDs as the Rust <c>uuid</c> crate reads them: hyphenated, simple (32 hex), <c>{braced}</c> or <c>urn:uuid:</c>, any
/// case. They are always written lower-case hyphenated (<c>Guid.ToString("D")</c>).
/// </summary>
internal static class WireUuid
{
    private const string UrnPrefix = "urn:uuid:";

    public static Guid Parse(string text, string field)
    {
        var span = text.AsSpan();
        if (span.StartsWith(UrnPrefix, StringComparison.Ordinal))
        {
            span = span[UrnPrefix.Length..];
        }

        if (Guid.TryParseExact(span, "D", out var guid) || Guid.TryParseExact(span, "N", out guid) ||
            Guid.TryParseExact(span, "B", out guid))
        {
            return guid;
        }

        throw new ProtocolException($"field `{field}`: invalid UUID `{text}`");
    }

    public static string Format(Guid value) => value.ToString("D");
}
