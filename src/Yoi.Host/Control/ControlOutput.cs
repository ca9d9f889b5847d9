using System.Buffers;
using System.Text.Json;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control;

/// <summary>Renders control events into the bytes of a <see cref="ControlConnection.Output"/>: one reusable writer per
/// owner, lines gathered until <see cref="Take"/>.</summary>
public sealed class ControlOutput : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public ControlOutput() => _writer = new Utf8JsonWriter(_buffer, ControlCodec.WriterOptions);

    public int Length => _buffer.WrittenCount;

    public void Add(ControlEvent e, string? id) => ControlCodec.WriteEvent(_writer, _buffer, e, id);

    /// <summary>The lines added since the last take, as an output message (a copy: the buffer is reused).</summary>
    public ControlConnection.Output Take()
    {
        var bytes = _buffer.WrittenSpan.ToArray();
        _buffer.ResetWrittenCount();
        return new ControlConnection.Output(bytes);
    }

    /// <summary>One line, <c>\n</c> included.</summary>
    public static byte[] Line(ControlEvent e, string? id)
    {
        using var output = new ControlOutput();
        output.Add(e, id);
        return output._buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _writer.Dispose();
}
