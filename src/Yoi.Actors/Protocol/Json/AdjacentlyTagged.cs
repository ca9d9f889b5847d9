using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Reads a serde adjacently tagged object (<c>{"tag":…,"content":…}</c>). The content streams through the reader once the
/// tag is known; only when it precedes the tag is it buffered first, as serde does. Unknown fields are skipped.
/// </summary>
/// <param name="readContent">Reads the content value (next token) of a tag; null when it skipped it.</param>
/// <param name="keepUndecoded">Whether the content of a tag that is not decoded is kept raw (to rebuild an unknown
/// event, say) or skipped unbuilt (a reader that wants only some tags).</param>
internal sealed class AdjacentlyTagged<T>(string tagKey, string contentKey, Func<string, JsonReader, T?> readContent,
    bool keepUndecoded = true)
    where T : class
{
    /// <summary>
    /// Reads the fields of the object the reader is positioned on and returns the tag. <paramref name="content"/> is null
    /// when the content is absent, skipped or not decoded; <paramref name="raw"/> holds it whenever it was buffered.
    /// </summary>
    /// <param name="decodes">
    /// Called as soon as the tag is read (before any later field), so it may throw to reject the tag; false keeps that
    /// tag's content raw instead of decoding it. Null decodes every tag, sparing the hot path a lookup.
    /// </param>
    public string Read(JsonReader reader, Func<string, bool>? decodes, out T? content, out JToken? raw)
    {
        string? tag = null;
        var decoded = false;
        var hasContent = false;
        content = null;
        raw = null;
        while (WireRead.NextProperty(reader, out var key))
        {
            if (key == tagKey)
            {
                tag = tag is null ? WireRead.String(reader, key) : throw new ProtocolException($"duplicate field `{tagKey}`");
                decoded = decodes?.Invoke(tag) ?? true;
                if (hasContent && decoded)
                {
                    using var replay = raw!.CreateReader();
                    content = readContent(tag, replay);
                }
            }
            else if (key == contentKey)
            {
                hasContent = !hasContent ? true : throw new ProtocolException($"duplicate field `{contentKey}`");
                if (tag is not null && decoded)
                {
                    content = readContent(tag, reader);
                }
                else if (tag is null || keepUndecoded)
                {
                    raw = WireRead.Value(reader);
                }
                else
                {
                    WireRead.Skip(reader);
                }
            }
            else
            {
                WireRead.Skip(reader);
            }
        }

        return tag ?? throw WireRead.Missing(tagKey);
    }
}
