using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// <see cref="Method"/> ↔ <c>{"method":…,"params":…}</c> (serde adjacently tagged). Anything serde would reject is a
/// <see cref="ProtocolException"/>: unknown method names, missing <c>params</c>, <c>{}</c> params for a unit variant
/// (only absent or <c>null</c> is accepted).
/// </summary>
public sealed class MethodJsonConverter : JsonConverter<Method>
{
    private const string Expected = "`run`, `notify`, `pod_event`, `resume`, `cancel`, `pause`, `compact`, "
        + "`list_rewind_targets`, `rewind_to`, `shutdown`, `list_completions`, `list_pods`, `restore_pod`, `register_peer`";

    private static readonly AdjacentlyTagged<Method> Shape = new("method", "params", ReadParams);

    public override Method ReadJson(JsonReader reader, Type objectType, Method? existingValue, bool hasExistingValue,
        JsonSerializer serializer)
    {
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw WireRead.TypeError(reader, "method", "an object");
        }

        return Read(reader);
    }

    public override void WriteJson(JsonWriter writer, Method? value, JsonSerializer serializer) =>
        Write(writer, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Reads the method object the reader is positioned on.</summary>
    internal static Method Read(JsonReader reader)
    {
        var name = Shape.Read(reader, Known, out var result, out _);
        return result ?? UnitOrMissing(name);
    }

    /// <summary>Rejects an unknown method as soon as its name is read; every known one decodes its params.</summary>
    private static bool Known(string name) => name switch
    {
        RunMethod.WireName or NotifyMethod.WireName or PodEventMethod.WireName or ResumeMethod.WireName
            or CancelMethod.WireName or PauseMethod.WireName or CompactMethod.WireName or ListRewindTargetsMethod.WireName
            or RewindToMethod.WireName or ShutdownMethod.WireName or ListCompletionsMethod.WireName
            or ListPodsMethod.WireName or RestorePodMethod.WireName or RegisterPeerMethod.WireName => true,
        _ => throw new ProtocolException($"unknown method `{name}` (expected one of {Expected})"),
    };

    private static Method UnitOrMissing(string name) => name switch
    {
        ResumeMethod.WireName => ResumeMethod.Instance,
        CancelMethod.WireName => CancelMethod.Instance,
        PauseMethod.WireName => PauseMethod.Instance,
        CompactMethod.WireName => CompactMethod.Instance,
        ListRewindTargetsMethod.WireName => ListRewindTargetsMethod.Instance,
        ShutdownMethod.WireName => ShutdownMethod.Instance,
        ListPodsMethod.WireName => ListPodsMethod.Instance,
        _ => throw new ProtocolException($"method `{name}`: missing field `params`"),
    };

    /// <summary>Reads the <c>params</c> value (next token) of a known method.</summary>
    private static Method ReadParams(string name, JsonReader reader)
    {
        try
        {
            return name switch
            {
                RunMethod.WireName => new RunMethod(ReadRunInput(reader)),
                NotifyMethod.WireName => new NotifyMethod(ReadOneString(reader, "message")),
                PodEventMethod.WireName => ReadPodEvent(reader),
                RewindToMethod.WireName => ReadRewindTo(reader),
                ListCompletionsMethod.WireName => ReadListCompletions(reader),
                RestorePodMethod.WireName => new RestorePodMethod(ReadOneString(reader, "name")),
                RegisterPeerMethod.WireName => new RegisterPeerMethod(ReadOneString(reader, "name")),
                _ => ReadUnit(reader, UnitOrMissing(name)),
            };
        }
        catch (ProtocolException e)
        {
            throw new ProtocolException($"method `{name}`: {e.Message}", e);
        }
    }

    /// <summary>serde accepts <c>"params":null</c> for a unit variant but rejects <c>{}</c> ("expected unit").</summary>
    private static Method ReadUnit(JsonReader reader, Method instance)
    {
        WireRead.Next(reader);
        return reader.TokenType == JsonToken.Null
            ? instance
            : throw WireRead.TypeError(reader, "params", "null or no `params` (unit variant)");
    }

    private static List<Segment> ReadRunInput(JsonReader reader)
    {
        WireRead.StartObject(reader, "params");
        List<Segment>? input = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            if (name == "input")
            {
                input = SegmentJsonConverter.ReadList(reader, name);
            }
            else
            {
                WireRead.Skip(reader);
            }
        }

        return input ?? throw WireRead.Missing("input");
    }

    private static string ReadOneString(JsonReader reader, string field) => WireRead.OneField(reader, "params", field, WireRead.String);

    private static PodEventMethod ReadPodEvent(JsonReader reader)
    {
        WireRead.Next(reader);
        return new PodEventMethod(PodEventJsonConverter.ReadCurrent(reader));
    }

    private static RewindToMethod ReadRewindTo(JsonReader reader)
    {
        WireRead.StartObject(reader, "params");
        RewindTargetId? target = null;
        long? expectedHead = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "target": target = ModelWire.ReadRewindTargetId(reader, name); break;
                case "expected_head_entries": expectedHead = WireRead.Unsigned(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new RewindToMethod(target ?? throw WireRead.Missing("target"),
            expectedHead ?? throw WireRead.Missing("expected_head_entries"));
    }

    private static ListCompletionsMethod ReadListCompletions(JsonReader reader)
    {
        WireRead.StartObject(reader, "params");
        CompletionKind? kind = null;
        string? prefix = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "kind": kind = WireRead.Enum(reader, WireEnums.CompletionKind, name); break;
                case "prefix": prefix = WireRead.String(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new ListCompletionsMethod(kind ?? throw WireRead.Missing("kind"), prefix ?? throw WireRead.Missing("prefix"));
    }

    /// <summary>Writes the method in serde's form: unit variants have no <c>params</c> key.</summary>
    internal static void Write(JsonWriter writer, Method value)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "method", value.Name);
        switch (value)
        {
            case RunMethod m:
                writer.WritePropertyName("params");
                writer.WriteStartObject();
                SegmentJsonConverter.WriteList(writer, "input", m.Input);
                writer.WriteEndObject();
                break;
            case NotifyMethod m:
                WriteOneString(writer, "message", m.Message);
                break;
            case PodEventMethod m:
                writer.WritePropertyName("params");
                PodEventJsonConverter.Write(writer, m.Event);
                break;
            case RewindToMethod m:
                writer.WritePropertyName("params");
                writer.WriteStartObject();
                ModelWire.Write(writer, "target", m.Target);
                WireWrite.Field(writer, "expected_head_entries", m.ExpectedHeadEntries);
                writer.WriteEndObject();
                break;
            case ListCompletionsMethod m:
                writer.WritePropertyName("params");
                writer.WriteStartObject();
                WireWrite.Field(writer, "kind", WireEnums.CompletionKind.ToWire(m.Kind));
                WireWrite.Field(writer, "prefix", m.Prefix);
                writer.WriteEndObject();
                break;
            case RestorePodMethod m:
                WriteOneString(writer, "name", m.PodName);
                break;
            case RegisterPeerMethod m:
                WriteOneString(writer, "name", m.PodName);
                break;
            case ResumeMethod or CancelMethod or PauseMethod or CompactMethod or ListRewindTargetsMethod or ShutdownMethod
                or ListPodsMethod:
                break;
            default:
                throw new ArgumentException($"unsupported method type {value.GetType().Name}", nameof(value));
        }

        writer.WriteEndObject();
    }

    private static void WriteOneString(JsonWriter writer, string field, string value)
    {
        writer.WritePropertyName("params");
        writer.WriteStartObject();
        WireWrite.Field(writer, field, value);
        writer.WriteEndObject();
    }
}
