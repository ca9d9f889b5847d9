using System.Text;

namespace Yoi.Actors.Protocol;

/// <summary>Decodes and encodes pod → client lines (one JSON object, no terminator).</summary>
public static class EventCodec
{
    /// <summary>Decodes one line (no terminator). Unknown event names give an <see cref="UnknownEvent"/>; invalid JSON or a
    /// known event with a bad payload throws <see cref="ProtocolException"/>.</summary>
    public static Event Decode(string line) =>
        LineReader.Read(line, "event", static (reader, raw) => EventJsonConverter.Read(reader, raw));

    /// <summary>
    /// What a probe needs of a line: the pod's status when it is a <c>snapshot</c> or <c>status</c> event, null for any
    /// other event. Nothing else is decoded — a snapshot's history is skipped, not built. Invalid JSON, a missing tag,
    /// and a snapshot or status that <see cref="Decode"/> would refuse for its shape or status throw
    /// <see cref="ProtocolException"/>; the contents of <c>entries</c> and <c>greeting</c> are not checked.
    /// </summary>
    public static PodStatus? ReadStatus(string line) =>
        LineReader.Read(line, "event", static (reader, _) => StatusOnlyReader.Read(reader));

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
