using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>
/// <see cref="PodEvent"/> ↔ <c>{"kind":…,…}</c> (internally tagged), each kind spelled once below. Unknown kinds are an
/// error, as in serde. The same four kinds are the worker dialect's <c>WorkerEvent</c>; only their name fields differ
/// (<c>pod_name</c>/<c>worker_name</c>, <c>parent_pod</c>/<c>parent_worker</c>, <c>sub_pod</c>/<c>sub_worker</c>), so the
/// dialect given to read or write chooses the spelling (null reads and writes the pod dialect's).
/// </summary>
public sealed class PodEventJsonConverter : JsonConverter<PodEvent>
{
    internal static readonly InternallyTagged<PodEvent> Shape = new("pod event", "kind", new WireTable<PodEvent>(
        WireVariant<PodEvent>.Of<TurnEndedPodEvent>(TurnEndedPodEvent.WireKind,
            static (r, d) => new TurnEndedPodEvent(WireRead.OneFieldHere(r, NameField(d), WireRead.String)),
            static (w, e, d) => WireWrite.Field(w, NameField(d), e.PodName)),
        WireVariant<PodEvent>.Of<ErroredPodEvent>(ErroredPodEvent.WireKind, static (r, d) =>
            {
                var nameField = NameField(d);
                string? podName = null, message = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    if (name == nameField)
                        podName = WireRead.String(r, name);
                    else if (name == "message")
                        message = WireRead.String(r, name);
                    else
                        WireRead.Skip(r);
                }

                return new ErroredPodEvent(podName ?? throw WireRead.Missing(nameField), message ?? throw WireRead.Missing("message"));
            },
            static (w, e, d) =>
            {
                WireWrite.Field(w, NameField(d), e.PodName);
                WireWrite.Field(w, "message", e.Message);
            }),
        WireVariant<PodEvent>.Of<ShutDownPodEvent>(ShutDownPodEvent.WireKind,
            static (r, d) => new ShutDownPodEvent(WireRead.OneFieldHere(r, NameField(d), WireRead.String)),
            static (w, e, d) => WireWrite.Field(w, NameField(d), e.PodName)),
        WireVariant<PodEvent>.Of<ScopeSubDelegatedPodEvent>(ScopeSubDelegatedPodEvent.WireKind, static (r, d) =>
            {
                var (parentField, subField) = d == Dialect.Worker ? ("parent_worker", "sub_worker") : ("parent_pod", "sub_pod");
                string? parent = null, sub = null, socket = null;
                List<ScopeRule>? scope = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    if (name == parentField)
                        parent = WireRead.String(r, name);
                    else if (name == subField)
                        sub = WireRead.String(r, name);
                    else if (name == "sub_socket")
                        socket = WireRead.String(r, name);
                    else if (name == "scope")
                        scope = ModelWire.ReadList(r, name, ModelWire.ReadScopeRule);
                    else
                        WireRead.Skip(r);
                }

                return new ScopeSubDelegatedPodEvent(parent ?? throw WireRead.Missing(parentField),
                    sub ?? throw WireRead.Missing(subField), socket ?? throw WireRead.Missing("sub_socket"),
                    scope ?? throw WireRead.Missing("scope"));
            },
            static (w, e, d) =>
            {
                WireWrite.Field(w, d == Dialect.Worker ? "parent_worker" : "parent_pod", e.ParentPod);
                WireWrite.Field(w, d == Dialect.Worker ? "sub_worker" : "sub_pod", e.SubPod);
                WireWrite.Field(w, "sub_socket", e.SubSocket);
                w.WritePropertyName("scope");
                w.WriteStartArray();
                foreach (var rule in e.Scope)
                    ModelWire.Write(w, rule);
                w.WriteEndArray();
            })));

    public override PodEvent ReadJson(JsonReader reader, Type objectType, PodEvent? existingValue, bool hasExistingValue,
        JsonSerializer serializer) => Shape.Read(reader, Dialect.Pod);

    public override void WriteJson(JsonWriter writer, PodEvent? value, JsonSerializer serializer) =>
        Shape.Write(writer, value ?? throw new ArgumentNullException(nameof(value)), Dialect.Pod);

    private static string NameField(Dialect? dialect) => dialect == Dialect.Worker ? "worker_name" : "pod_name";
}
