using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Drives a serde internally tagged union (<c>{"kind":…,…fields}</c>) over its <see cref="WireTable{T}"/>: a variant's
/// reader gets the remaining fields (up to the closing brace), its writer writes the fields after the tag.
/// </summary>
/// <param name="what">Names the union in errors (<c>segment `paste`: …</c>).</param>
/// <param name="unknown">Builds the value of a kind that names no variant (serde's <c>#[serde(other)]</c>) from the kind
/// and the whole object; null makes an unknown kind an error.</param>
internal sealed class InternallyTagged<T>(string what, string tagKey, WireTable<T> table, Func<string, JObject, T>? unknown = null)
    where T : class
{
    /// <summary>Reads the object the reader is positioned on.</summary>
    public T Read(JsonReader reader, Dialect? dialect)
    {
        var kind = ReadTag(reader, what, tagKey, out var body, out var buffered);
        var variant = table.Find(kind, dialect);
        if (variant is null)
        {
            return unknown is not null
                ? unknown(kind, buffered ?? ReadRest(body, new JObject { [tagKey] = kind }))
                : throw new ProtocolException($"unknown {what} kind `{kind}` (expected one of {table.Expected(dialect)})");
        }

        try
        {
            if (variant.Read is { } read)
                return read(body, dialect);
            while (WireRead.NextProperty(body, out _))
                WireRead.Skip(body);
            return variant.Unit!;
        }
        catch (ProtocolException e)
        {
            throw new ProtocolException($"{what} `{kind}`: {e.Message}", e);
        }
    }

    public void Write(JsonWriter writer, T value, Dialect? dialect)
    {
        var variant = table.For(ref value, dialect);
        writer.WriteStartObject();
        WireWrite.Field(writer, tagKey, variant.Tag);
        variant.Write?.Invoke(writer, value, dialect);
        writer.WriteEndObject();
    }

    /// <summary>Reads the next value as a <c>Vec</c> of this union.</summary>
    public List<T> ReadList(JsonReader reader, string field, Dialect? dialect)
    {
        WireRead.Next(reader);
        if (reader.TokenType != JsonToken.StartArray)
            throw WireRead.TypeError(reader, field, $"an array of {what}s");

        var list = new List<T>();
        while (true)
        {
            WireRead.Next(reader);
            if (reader.TokenType == JsonToken.EndArray)
                return list;
            list.Add(Read(reader, dialect));
        }
    }

    public void WriteList(JsonWriter writer, string field, IReadOnlyList<T> values, Dialect? dialect)
    {
        writer.WritePropertyName(field);
        writer.WriteStartArray();
        foreach (var value in values)
            Write(writer, value, dialect);
        writer.WriteEndArray();
    }

    /// <summary>
    /// Returns the tag and the reader to read the remaining fields from (up to the closing brace). When the tag is the first
    /// key, as serde writes it, that is the same reader; otherwise the object is buffered, as serde does, and
    /// <paramref name="buffered"/> holds it. <paramref name="what"/> names the value when it is not an object.
    /// </summary>
    private static string ReadTag(JsonReader reader, string what, string tag, out JsonReader body, out JObject? buffered)
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
    private static JObject ReadRest(JsonReader reader, JObject raw)
    {
        while (WireRead.NextProperty(reader, out var name))
        {
            raw[name] = WireRead.Value(reader);
        }

        return raw;
    }
}
