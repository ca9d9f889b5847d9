using System.Globalization;
using System.Text;
using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>
/// A compact <see cref="JsonWriter"/> that writes exactly what <c>serde_json::to_string</c> writes. Newtonsoft's own text
/// writer escapes differently (U+0085/U+2028/U+2029, upper-case hex) and formats floats differently, so the text is produced
/// here; the base class still does the comma/colon state tracking.
/// </summary>
internal sealed class SerdeJsonWriter(StringBuilder output) : JsonWriter
{
    public override void WriteStartObject()
    {
        base.WriteStartObject();
        output.Append('{');
    }

    public override void WriteStartArray()
    {
        base.WriteStartArray();
        output.Append('[');
    }

    protected override void WriteEnd(JsonToken token) => output.Append(token == JsonToken.EndObject ? '}' : ']');

    protected override void WriteValueDelimiter() => output.Append(',');

    public override void WritePropertyName(string name)
    {
        base.WritePropertyName(name);
        AppendString(output, name);
        output.Append(':');
    }

    public override void WritePropertyName(string name, bool escape) => WritePropertyName(name);

    public override void WriteValue(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        base.WriteValue(value);
        AppendString(output, value);
    }

    public override void WriteNull()
    {
        base.WriteNull();
        output.Append("null");
    }

    public override void WriteValue(bool value)
    {
        base.WriteValue(value);
        output.Append(value ? "true" : "false");
    }

    public override void WriteValue(int value)
    {
        base.WriteValue(value);
        output.Append(value);
    }

    public override void WriteValue(long value)
    {
        base.WriteValue(value);
        output.Append(value);
    }

    public override void WriteValue(ulong value)
    {
        base.WriteValue(value);
        output.Append(value);
    }

    public override void WriteValue(double value)
    {
        base.WriteValue(value);
        SerdeFloat.Append(output, value);
    }

    // The base WriteRawValue does the state tracking and then calls this.
    public override void WriteRaw(string? json) => output.Append(json);

    public override void Flush()
    {
    }

    /// <summary>serde_json's escaping: <c>"</c> and <c>\</c>, control characters as <c>\b \t \n \f \r</c> or
    /// <c>\u00xx</c> (lower-case hex); everything else, including <c>/</c>, DEL and U+2028, is written raw.</summary>
    internal static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            sb.Append(value, start, i - start);
            start = i + 1;
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
            }
        }

        sb.Append(value, start, value.Length - start);
        sb.Append('"');
    }
}
