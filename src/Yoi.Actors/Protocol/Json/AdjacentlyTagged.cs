using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Drives a serde adjacently tagged union (<c>{"tag":…,"content":…}</c>) over its <see cref="WireTable{T}"/>. The content
/// streams through the reader once the tag is known; only when it precedes the tag is it buffered first, as serde does.
/// Unknown fields are skipped; a unit variant has no content key (on input, <c>null</c> content is accepted too).
/// </summary>
/// <param name="what">Names the union in errors (<c>event `text_delta`: …</c>).</param>
internal sealed class AdjacentlyTagged<T>(string what, string tagKey, string contentKey, WireTable<T> table)
    where T : class
{
    public WireTable<T> Table => table;

    /// <summary>
    /// Reads the fields of the object the reader is positioned on and returns the tag. <paramref name="value"/> is the
    /// decoded variant; null exactly when the tag names no variant of <paramref name="dialect"/>, whose content is then in
    /// <paramref name="raw"/> if <paramref name="keepUnknown"/> (and was present), skipped unbuilt otherwise.
    /// </summary>
    /// <param name="rejectUnknown">Throws for a tag that names no variant, as soon as it is read (serde's behaviour for
    /// methods); null accepts it.</param>
    public string Read(JsonReader reader, Dialect? dialect, bool keepUnknown, Func<string, Exception>? rejectUnknown,
        out T? value, out JToken? raw)
    {
        string? tag = null;
        WireVariant<T>? variant = null;
        var hasContent = false;
        value = null;
        raw = null;
        while (WireRead.NextProperty(reader, out var key))
        {
            if (key == tagKey)
            {
                tag = tag is null ? WireRead.String(reader, key) : throw new ProtocolException($"duplicate field `{tagKey}`");
                variant = table.Find(tag, dialect);
                if (variant is null && rejectUnknown is not null)
                    throw rejectUnknown(tag);
                if (hasContent && variant is not null)
                {
                    using var replay = raw!.CreateReader();
                    value = ReadContent(variant, replay, dialect);
                    raw = null;
                }
            }
            else if (key == contentKey)
            {
                hasContent = !hasContent ? true : throw new ProtocolException($"duplicate field `{contentKey}`");
                if (variant is not null)
                    value = ReadContent(variant, reader, dialect);
                else if (tag is null || keepUnknown)
                    raw = WireRead.Value(reader);
                else
                    WireRead.Skip(reader);
            }
            else
            {
                WireRead.Skip(reader);
            }
        }

        if (tag is null)
            throw WireRead.Missing(tagKey);
        if (variant is not null && value is null)
            value = variant.Unit ?? throw new ProtocolException($"{what} `{tag}`: missing field `{contentKey}`");
        return tag;
    }

    /// <summary>Writes the value in serde's form (translated into <paramref name="dialect"/> when that is given).</summary>
    public void Write(JsonWriter writer, T value, Dialect? dialect)
    {
        var variant = table.For(ref value, dialect);
        writer.WriteStartObject();
        WireWrite.Field(writer, tagKey, variant.Tag);
        if (variant.Write is { } write)
        {
            writer.WritePropertyName(contentKey);
            if (variant.FieldsObject)
            {
                writer.WriteStartObject();
                write(writer, value, dialect);
                writer.WriteEndObject();
            }
            else
            {
                write(writer, value, dialect);
            }
        }

        writer.WriteEndObject();
    }

    private T ReadContent(WireVariant<T> variant, JsonReader reader, Dialect? dialect)
    {
        try
        {
            if (variant.Read is { } read)
                return read(reader, dialect);

            // serde accepts null content for a unit variant but rejects anything else ("expected unit").
            WireRead.Next(reader);
            return reader.TokenType == JsonToken.Null
                ? variant.Unit!
                : throw WireRead.TypeError(reader, contentKey, $"null or no `{contentKey}` (unit variant)");
        }
        catch (ProtocolException e) when (e is not DialectMismatchException)
        {
            throw new ProtocolException($"{what} `{variant.Tag}`: {e.Message}", e);
        }
    }
}
