using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>Terse field writers; fields are written in Rust declaration order by the callers.</summary>
internal static class WireWrite
{
    public static void Field(JsonWriter writer, string name, string value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value);
    }

    public static void Field(JsonWriter writer, string name, long value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value);
    }

    public static void Field(JsonWriter writer, string name, bool value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value);
    }

    /// <summary>An <c>Option</c> without <c>skip_serializing_if</c>: None is written as <c>null</c>.</summary>
    public static void NullableField(JsonWriter writer, string name, long? value)
    {
        writer.WritePropertyName(name);
        if (value is { } v)
        {
            writer.WriteValue(v);
        }
        else
        {
            writer.WriteNull();
        }
    }

    /// <summary>An <c>Option&lt;String&gt;</c> without <c>skip_serializing_if</c>: None is written as <c>null</c>.</summary>
    public static void NullableField(JsonWriter writer, string name, string? value)
    {
        writer.WritePropertyName(name);
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteValue(value);
        }
    }

    /// <summary>An <c>Option</c> with <c>skip_serializing_if = "Option::is_none"</c>: None is omitted.</summary>
    public static void OptionalField(JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            Field(writer, name, v);
        }
    }

    /// <inheritdoc cref="OptionalField(JsonWriter, string, long?)"/>
    public static void OptionalField(JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            Field(writer, name, value);
        }
    }
}
