using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>Reads the tag of an internally tagged object (<c>{"kind":…,…}</c>) with the reader on its <c>{</c>.</summary>
internal static class InternalTag
{
    /// <summary>
    /// Returns the tag and the reader to read the remaining fields from (up to the closing brace). When the tag is the first
    /// key, as serde writes it, that is the same reader; otherwise the object is buffered, as serde does, and
    /// <paramref name="buffered"/> holds it. <paramref name="what"/> names the value when it is not an object.
    /// </summary>
    public static string Read(JsonReader reader, string what, string tag, out JsonReader body, out JObject? buffered)
    {
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw WireRead.TypeError(reader, what, "an object");
        }

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

        buffered = ReadRest(reader, new JObject { [first] = WireRead.Value(reader) });
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

    /// <summary>
    /// Adds the object's remaining fields to <paramref name="raw"/>, up to its closing brace (later duplicate keys win, as
    /// in serde_json).
    /// </summary>
    public static JObject ReadRest(JsonReader reader, JObject raw)
    {
        while (WireRead.NextProperty(reader, out var name))
        {
            raw[name] = WireRead.Value(reader);
        }

        return raw;
    }
}
