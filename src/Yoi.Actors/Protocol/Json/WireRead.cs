using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Streaming read helpers with serde's derive rules: every helper first advances to the value it reads, unknown fields are
/// skipped by the callers, missing non-optional fields and wrong JSON types are errors, integers must be integers (no
/// <c>1.0</c>) within the Rust type's range.
/// </summary>
internal static class WireRead
{
    private static readonly JsonLoadSettings LoadSettings = new()
    {
        LineInfoHandling = LineInfoHandling.Ignore,
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Replace,
        CommentHandling = CommentHandling.Ignore,
    };

    public static void Next(JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new ProtocolException(reader is IJsonLineInfo info && info.HasLineInfo()
                ? $"invalid JSON at position {info.LinePosition}: unexpected end of input"
                : "invalid JSON: unexpected end of input");
        }

        // Newtonsoft reports comments as tokens; they are not JSON and serde rejects them.
        if (reader.TokenType == JsonToken.Comment)
        {
            throw new ProtocolException("invalid JSON: comments are not allowed");
        }
    }

    /// <summary>Reads a value that must be an object; the reader is left on its <c>{</c>.</summary>
    public static void StartObject(JsonReader reader, string what)
    {
        Next(reader);
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw TypeError(reader, what, "an object");
        }
    }

    /// <summary>Inside an object: advances to the next property name, or returns false at the closing brace.</summary>
    public static bool NextProperty(JsonReader reader, [NotNullWhen(true)] out string? name)
    {
        Next(reader);
        if (reader.TokenType == JsonToken.PropertyName)
        {
            name = (string)reader.Value!;
            return true;
        }

        name = null;
        return false;
    }

    public static string String(JsonReader reader, string field)
    {
        Next(reader);
        return reader.TokenType == JsonToken.String ? (string)reader.Value! : throw TypeError(reader, field, "a string");
    }

    /// <summary>An <c>Option&lt;String&gt;</c>: <c>null</c> is None.</summary>
    public static string? OptionalString(JsonReader reader, string field)
    {
        Next(reader);
        return reader.TokenType switch
        {
            JsonToken.String => (string)reader.Value!,
            JsonToken.Null => null,
            _ => throw TypeError(reader, field, "a string or null"),
        };
    }

    public static bool Bool(JsonReader reader, string field)
    {
        Next(reader);
        return reader.TokenType == JsonToken.Boolean ? (bool)reader.Value! : throw TypeError(reader, field, "a boolean");
    }

    /// <summary>An unsigned Rust integer (u16, u32, u64, usize) no larger than <paramref name="max"/>.</summary>
    public static long Unsigned(JsonReader reader, string field, long max = long.MaxValue)
    {
        Next(reader);
        return UnsignedHere(reader, field, max);
    }

    /// <summary>An <c>Option</c> of an unsigned integer: <c>null</c> is None.</summary>
    public static long? OptionalUnsigned(JsonReader reader, string field, long max = long.MaxValue)
    {
        Next(reader);
        return reader.TokenType == JsonToken.Null ? null : UnsignedHere(reader, field, max);
    }

    /// <summary>An <c>i64</c>.</summary>
    public static long Signed(JsonReader reader, string field)
    {
        Next(reader);
        return reader.Value switch
        {
            long value when reader.TokenType == JsonToken.Integer => value,
            BigInteger => throw new ProtocolException($"field `{field}`: integer out of range for i64"),
            _ => throw TypeError(reader, field, "an integer"),
        };
    }

    public static T Enum<T>(JsonReader reader, WireEnum<T> names, string field)
        where T : struct, Enum => names.Parse(String(reader, field));

    public static Guid Uuid(JsonReader reader, string field) => WireUuid.Parse(String(reader, field), field);

    /// <summary>Reads the next value as a serde_json::Value, kept raw.</summary>
    public static JToken Value(JsonReader reader)
    {
        Next(reader);
        return ValueHere(reader);
    }

    /// <summary>Reads the value the reader is positioned on as a serde_json::Value (later duplicate keys win, as in serde_json).</summary>
    public static JToken ValueHere(JsonReader reader) => JToken.ReadFrom(reader, LoadSettings);

    public static void Skip(JsonReader reader)
    {
        Next(reader);
        reader.Skip();
    }

    /// <summary>
    /// An object in which one field is required and every other is skipped (the payload of <c>text_delta</c>,
    /// <c>status</c>, <c>notify</c>, …). <paramref name="container"/> names the object in errors.
    /// </summary>
    public static T OneField<T>(JsonReader reader, string container, string field, Func<JsonReader, string, T> read)
    {
        StartObject(reader, container);
        return OneFieldHere(reader, field, read);
    }

    /// <summary>The rest of an object (the reader inside it) in which one field is required and every other skipped.</summary>
    public static T OneFieldHere<T>(JsonReader reader, string field, Func<JsonReader, string, T> read)
    {
        var found = false;
        T value = default!;
        while (NextProperty(reader, out var name))
        {
            if (name == field)
            {
                value = read(reader, field);
                found = true;
            }
            else
            {
                Skip(reader);
            }
        }

        return found ? value : throw Missing(field);
    }

    public static ProtocolException Missing(string field) => new($"missing field `{field}`");

    public static ProtocolException TypeError(JsonReader reader, string field, string expected) =>
        new($"`{field}`: expected {expected}, got {Describe(reader)}");

    private static long UnsignedHere(JsonReader reader, string field, long max) => reader.Value switch
    {
        long value when reader.TokenType == JsonToken.Integer && value >= 0 && value <= max => value,
        long or BigInteger when reader.TokenType == JsonToken.Integer =>
            throw new ProtocolException($"field `{field}`: integer `{reader.Value}` out of range (0..={max})"),
        _ => throw TypeError(reader, field, "an unsigned integer"),
    };

    private static string Describe(JsonReader reader) => reader.TokenType switch
    {
        JsonToken.StartObject => "an object",
        JsonToken.StartArray => "an array",
        JsonToken.String => $"string \"{reader.Value}\"",
        JsonToken.Integer => $"integer `{reader.Value}`",
        JsonToken.Float => $"floating point `{reader.Value}`",
        JsonToken.Boolean => (bool)reader.Value! ? "`true`" : "`false`",
        JsonToken.Null => "null",
        var other => other.ToString(),
    };
}
