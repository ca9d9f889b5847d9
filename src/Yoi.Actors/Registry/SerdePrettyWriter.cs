using System.Buffers;
using System.Text;

namespace Yoi.Actors.Registry;

/// <summary>Writes JSON exactly as <c>serde_json::to_vec_pretty</c> does: two-space indent, <c>": "</c> after keys,
/// <c>[]</c> and <c>{}</c> when empty, no trailing newline; strings escape only <c>"</c>, <c>\</c> and C0 controls
/// (<c>\b \f \n \r \t</c>, else <c>\u00xx</c> in lower-case hex), everything else is raw UTF-8.</summary>
internal sealed class SerdePrettyWriter
{
    private readonly ArrayBufferWriter<byte> _output = new();
    // Per open container: whether it has an element yet.
    private readonly Stack<bool> _hasElement = new();
    private bool _afterKey;

    public ReadOnlySpan<byte> Written => _output.WrittenSpan;

    public void StartObject() => Open((byte)'{');

    public void EndObject() => Close((byte)'}');

    public void StartArray() => Open((byte)'[');

    public void EndArray() => Close((byte)']');

    public void Key(string name)
    {
        NextElement();
        WriteEscaped(name);
        Raw(": "u8);
        _afterKey = true;
    }

    public void String(string? value)
    {
        BeforeValue();
        if (value is null)
            Raw("null"u8);
        else
            WriteEscaped(value);
    }

    public void Number(long value)
    {
        BeforeValue();
        Raw(Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A number's JSON text as it was read.</summary>
    public void RawNumber(string text)
    {
        BeforeValue();
        Raw(Encoding.UTF8.GetBytes(text));
    }

    public void Boolean(bool value)
    {
        BeforeValue();
        Raw(value ? "true"u8 : "false"u8);
    }

    public void Null()
    {
        BeforeValue();
        Raw("null"u8);
    }

    private void Open(byte bracket)
    {
        BeforeValue();
        Raw([bracket]);
        _hasElement.Push(false);
    }

    private void Close(byte bracket)
    {
        if (_hasElement.Pop())
        {
            Raw("\n"u8);
            Indent();
        }
        Raw([bracket]);
    }

    private void BeforeValue()
    {
        if (_afterKey)
            _afterKey = false;
        else if (_hasElement.Count > 0)
            NextElement(); // an array element
    }

    private void NextElement()
    {
        Raw(_hasElement.Pop() ? ",\n"u8 : "\n"u8);
        _hasElement.Push(true);
        Indent();
    }

    private void Indent()
    {
        var span = _output.GetSpan(_hasElement.Count * 2)[..(_hasElement.Count * 2)];
        span.Fill((byte)' ');
        _output.Advance(span.Length);
    }

    private void WriteEscaped(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append(@"\\"); break;
                case '\b': builder.Append(@"\b"); break;
                case '\f': builder.Append(@"\f"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case < ' ': builder.Append(@"\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        Raw(Encoding.UTF8.GetBytes(builder.Append('"').ToString()));
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _output.Write(bytes);
}
