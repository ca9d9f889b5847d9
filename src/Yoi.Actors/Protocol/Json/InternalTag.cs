using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>Reads the tag of an internally tagged object (<c>{"kind":…,…}</c>) with the reader on its <c>{</c>.</summary>
internal static class InternalTag
{
    /// <summary>
    /// Returns the tag and the reader to read the remaining fields from (up to the closing brace). When the tag is the first
    /// key, as serde writes it, that is the same reader; otherwise the object is buffered, as serde does, and
    /// <paramref name="buffered"/> holds it.
    /// </summary>
    public static string Read(JsonReader reader, string tag, out JsonReader body, out JObject? buffered)
    {
        if (!WireRead.NextProperty(reader, out var first))
        {
            throw WireRead.Missing(tag);
        }

        if (first == tag)
        {
            body = reader;
            buffered = null;
            return WireRead.String(reader, tag);
        }

        buffered = new JObject { [first] = WireRead.Value(reader) };
        while (WireRead.NextProperty(reader, out var name))
        {
            buffered[name] = WireRead.Value(reader);
        }

        if (!buffered.TryGetValue(tag, out var value))
        {
            throw WireRead.Missing(tag);
        }

        if (value is not JValue { Value: string text })
        {
            throw new ProtocolException($"`{tag}`: expected a string, got {value.Type}");
        }

        // Replays the buffered object; the tag property is skipped like any unknown field.
        body = buffered.CreateReader();
        body.Read();
        return text;
    }
}
