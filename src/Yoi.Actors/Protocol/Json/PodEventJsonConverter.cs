using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary><see cref="PodEvent"/> ↔ <c>{"kind":…,…}</c> (internally tagged). Unknown kinds are an error, as in serde.</summary>
public sealed class PodEventJsonConverter : JsonConverter<PodEvent>
{
    public override PodEvent ReadJson(JsonReader reader, Type objectType, PodEvent? existingValue, bool hasExistingValue,
        JsonSerializer serializer) => ReadCurrent(reader);

    public override void WriteJson(JsonWriter writer, PodEvent? value, JsonSerializer serializer) =>
        Write(writer, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Reads the pod event object the reader is positioned on.</summary>
    internal static PodEvent ReadCurrent(JsonReader reader)
    {
        var kind = InternalTag.Read(reader, "pod event", "kind", out var body, out _);
        if (kind is not (TurnEndedPodEvent.WireKind or ErroredPodEvent.WireKind or ShutDownPodEvent.WireKind
            or ScopeSubDelegatedPodEvent.WireKind))
        {
            throw new ProtocolException(
                $"unknown pod event kind `{kind}` (expected one of `turn_ended`, `errored`, `shut_down`, `scope_sub_delegated`)");
        }

        try
        {
            return ReadBody(kind, body);
        }
        catch (ProtocolException e)
        {
            throw new ProtocolException($"pod event `{kind}`: {e.Message}", e);
        }
    }

    internal static void Write(JsonWriter writer, PodEvent value)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "kind", value.Kind);
        switch (value)
        {
            case TurnEndedPodEvent e:
                WireWrite.Field(writer, "pod_name", e.PodName);
                break;
            case ErroredPodEvent e:
                WireWrite.Field(writer, "pod_name", e.PodName);
                WireWrite.Field(writer, "message", e.Message);
                break;
            case ShutDownPodEvent e:
                WireWrite.Field(writer, "pod_name", e.PodName);
                break;
            case ScopeSubDelegatedPodEvent e:
                WireWrite.Field(writer, "parent_pod", e.ParentPod);
                WireWrite.Field(writer, "sub_pod", e.SubPod);
                WireWrite.Field(writer, "sub_socket", e.SubSocket);
                writer.WritePropertyName("scope");
                writer.WriteStartArray();
                foreach (var rule in e.Scope)
                {
                    ModelWire.Write(writer, rule);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"unsupported pod event type {value.GetType().Name}", nameof(value));
        }

        writer.WriteEndObject();
    }

    private static PodEvent ReadBody(string kind, JsonReader reader)
    {
        string? podName = null, message = null, parentPod = null, subPod = null, subSocket = null;
        List<ScopeRule>? scope = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "pod_name": podName = WireRead.String(reader, name); break;
                case "message": message = WireRead.String(reader, name); break;
                case "parent_pod": parentPod = WireRead.String(reader, name); break;
                case "sub_pod": subPod = WireRead.String(reader, name); break;
                case "sub_socket": subSocket = WireRead.String(reader, name); break;
                case "scope": scope = ModelWire.ReadList(reader, name, ModelWire.ReadScopeRule); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return kind switch
        {
            TurnEndedPodEvent.WireKind => new TurnEndedPodEvent(podName ?? throw WireRead.Missing("pod_name")),
            ErroredPodEvent.WireKind => new ErroredPodEvent(podName ?? throw WireRead.Missing("pod_name"),
                message ?? throw WireRead.Missing("message")),
            ShutDownPodEvent.WireKind => new ShutDownPodEvent(podName ?? throw WireRead.Missing("pod_name")),
            _ => new ScopeSubDelegatedPodEvent(parentPod ?? throw WireRead.Missing("parent_pod"),
                subPod ?? throw WireRead.Missing("sub_pod"), subSocket ?? throw WireRead.Missing("sub_socket"),
                scope ?? throw WireRead.Missing("scope")),
        };
    }
}
