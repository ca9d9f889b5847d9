using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Reads just what a probe needs of an event line: the tag, and the status of a <c>snapshot</c> or <c>status</c>. Every
/// other value is skipped token by token, never built: a snapshot carries the pod's whole history in <c>entries</c>,
/// and a poll loop reads one from every pod every couple of seconds.
/// </summary>
internal static class StatusOnlyReader
{
    // The event shape of the full decoder, with the data of every other tag skipped rather than kept.
    private static readonly AdjacentlyTagged<StatusEvent> Shape = new("event", "data", ReadData, keepUndecoded: false);

    private static readonly Func<string, bool> CarriesStatus = static tag => tag is SnapshotEvent.WireName or StatusEvent.WireName;

    /// <summary>Reads the event object the reader is positioned on; null when it is neither a snapshot nor a status.</summary>
    public static PodStatus? Read(JsonReader reader)
    {
        var tag = Shape.Read(reader, CarriesStatus, out var status, out _);
        if (CarriesStatus(tag) && status is null)
            throw new ProtocolException($"event `{tag}`: missing field `data`");
        return status?.Status;
    }

    private static StatusEvent ReadData(string tag, JsonReader reader) => new(tag == StatusEvent.WireName
        ? WireRead.OneField(reader, "data", "status", static (r, f) => WireRead.Enum(r, WireEnums.PodStatus, f))
        : ReadSnapshotStatus(reader));

    /// <summary>As the full decoder: <c>entries</c> (an array) and <c>greeting</c> (an object) must be there, and
    /// <c>status</c> defaults to idle; their contents are skipped unread.</summary>
    private static PodStatus ReadSnapshotStatus(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        var status = PodStatus.Idle;
        bool entries = false, greeting = false;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "entries":
                    entries = SkipExpecting(reader, name, JsonToken.StartArray, "an array");
                    break;
                case "greeting":
                    greeting = SkipExpecting(reader, name, JsonToken.StartObject, "an object");
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
        return greeting ? status : throw WireRead.Missing("greeting");
    }

    private static bool SkipExpecting(JsonReader reader, string field, JsonToken expected, string description)
    {
        WireRead.Next(reader);
        if (reader.TokenType != expected)
            throw WireRead.TypeError(reader, field, description);
        reader.Skip();
        return true;
    }
}
