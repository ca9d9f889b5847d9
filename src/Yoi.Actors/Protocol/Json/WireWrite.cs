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
}
