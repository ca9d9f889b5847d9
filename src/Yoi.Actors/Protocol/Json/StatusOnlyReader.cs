using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>What a probe learns from one line: the pod's status, and the dialect its greeting speaks (snapshots only).</summary>
internal sealed record StatusReading(PodStatus Status, Dialect? Dialect);

/// <summary>
/// Reads just what a probe needs of an event line: the tag, and the status (and greeting dialect) of a <c>snapshot</c>
/// or <c>status</c>. Every other value is skipped token by token, never built: a snapshot carries the pod's whole
/// history in <c>entries</c>, and a poll loop reads one from every pod every couple of seconds. This is a projection of
/// the two shapes <see cref="EventJsonConverter"/> spells in full, not a second spelling of them.
/// </summary>
internal static class StatusOnlyReader
{
    private static readonly AdjacentlyTagged<StatusReading> Shape = new("event", "event", "data", new WireTable<StatusReading>(false,
        WireVariant<StatusReading>.ReadOnlyOf(StatusEvent.WireName, static (r, _) => new StatusReading(
            WireRead.OneField(r, "data", "status", static (r2, f) => WireRead.Enum(r2, WireEnums.PodStatus, f)), null)),
        WireVariant<StatusReading>.ReadOnlyOf(SnapshotEvent.WireName, static (r, _) => ReadSnapshot(r))));

    /// <summary>Reads the event object the reader is positioned on; null when it is neither a snapshot nor a status.</summary>
    public static StatusReading? Read(JsonReader reader)
    {
        Shape.Read(reader, null, false, null, out var reading, out _);
        return reading;
    }

    /// <summary>As the full decoder: <c>entries</c> (an array) and <c>greeting</c> (an object) must be there, and
    /// <c>status</c> defaults to idle; their contents are skipped unread, but for the greeting's name key.</summary>
    private static StatusReading ReadSnapshot(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        var status = PodStatus.Idle;
        Dialect? dialect = null;
        bool entries = false, greeting = false;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "entries":
                    WireRead.Next(reader);
                    if (reader.TokenType != JsonToken.StartArray)
                        throw WireRead.TypeError(reader, name, "an array");
                    reader.Skip();
                    entries = true;
                    break;
                case "greeting":
                    WireRead.StartObject(reader, name);
                    dialect = ReadGreetingDialect(reader);
                    greeting = true;
                    break;
                case "status":
                    status = WireRead.Enum(reader, WireEnums.PodStatus, name);
                    break;
                default:
                    WireRead.Skip(reader);
                    break;
            }
        }

        if (!entries)
            throw WireRead.Missing("entries");
        return greeting ? new StatusReading(status, dialect) : throw WireRead.Missing("greeting");
    }

    /// <summary>The first of <c>pod_name</c> / <c>worker_name</c> decides, as in the full decoder.</summary>
    private static Dialect? ReadGreetingDialect(JsonReader reader)
    {
        Dialect? dialect = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            if (dialect is null && name == "pod_name")
                dialect = Dialect.Pod;
            else if (dialect is null && name == "worker_name")
                dialect = Dialect.Worker;
            WireRead.Skip(reader);
        }

        return dialect;
    }
}
