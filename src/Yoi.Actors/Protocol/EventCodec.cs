using System.Text;
using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>Decodes and encodes pod → client lines (one JSON object, no terminator).</summary>
public static class EventCodec
{
    /// <summary>Decodes one line (no terminator). Unknown event names give an <see cref="UnknownEvent"/>; invalid JSON or a
    /// known event with a bad payload throws <see cref="ProtocolException"/>.</summary>
    public static Event Decode(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var reader = LineReader.Create(line);
            LineReader.StartRoot(reader, "event");
            var value = EventJsonConverter.Read(reader, line);
            LineReader.End(reader);
            return value;
        }
        catch (JsonReaderException e)
        {
            throw LineReader.InvalidJson(e);
        }
    }

    /// <summary>The compact JSON, byte-identical to what the runtime's serde writes (no terminator).</summary>
    public static string Encode(Event value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is UnknownEvent unknown)
        {
            return unknown.RawLine;
        }

        var builder = new StringBuilder(128);
        using (var writer = new SerdeJsonWriter(builder))
        {
            EventJsonConverter.Write(writer, value);
        }

        return builder.ToString();
    }
}
