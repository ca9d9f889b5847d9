using System.Text;

namespace Yoi.Actors.Protocol;

/// <summary>Decodes and encodes pod → client lines (one JSON object, no terminator), of either dialect.</summary>
public static class EventCodec
{
    /// <summary>Decodes one line (no terminator) of either dialect: their event names are disjoint where they differ, and
    /// a shared shape that differs in a field (the greeting's <c>pod_name</c> / <c>worker_name</c>) remembers which it
    /// had. Segment kinds of both dialects are known. Unknown event names give an <see cref="UnknownEvent"/>; invalid
    /// JSON or a known event with a bad payload throws <see cref="ProtocolException"/>.</summary>
    public static Event Decode(string line) =>
        LineReader.Read(line, "event", static (reader, raw) => EventJsonConverter.Read(reader, raw, null));

    /// <summary>Decodes one line as <paramref name="dialect"/>'s serde does: the other dialect's events are
    /// <see cref="UnknownEvent"/>s, its segment kinds <see cref="UnknownSegment"/>s, its fields unknown fields.</summary>
    public static Event Decode(string line, Dialect dialect) =>
        dialect == Dialect.Pod
            ? LineReader.Read(line, "event", static (reader, raw) => EventJsonConverter.Read(reader, raw, Dialect.Pod))
            : LineReader.Read(line, "event", static (reader, raw) => EventJsonConverter.Read(reader, raw, Dialect.Worker));

    /// <summary>
    /// What a probe needs of a line: the pod's status when it is a <c>snapshot</c> or <c>status</c> event, null for any
    /// other event. Nothing else is decoded — a snapshot's history is skipped, not built. Invalid JSON, a missing tag,
    /// and a snapshot or status that <see cref="Decode(string)"/> would refuse for its shape or status throw
    /// <see cref="ProtocolException"/>; the contents of <c>entries</c> and <c>greeting</c> are not checked.
    /// </summary>
    public static PodStatus? ReadStatus(string line) => ReadStatus(line, out _);

    /// <inheritdoc cref="ReadStatus(string)"/>
    /// <param name="dialect">A snapshot's greeting dialect (<c>pod_name</c> or <c>worker_name</c>); null for a
    /// <c>status</c> event, another event, or a greeting with neither key.</param>
    public static PodStatus? ReadStatus(string line, out Dialect? dialect)
    {
        var reading = LineReader.Read(line, "event", static (reader, _) => StatusOnlyReader.Read(reader));
        dialect = reading?.Dialect;
        return reading?.Status;
    }

    /// <summary>The compact JSON, byte-identical to what the runtime's serde writes (no terminator), in the dialect the
    /// event came in.</summary>
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
