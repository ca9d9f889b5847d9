using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>
/// <see cref="Segment"/> ↔ <c>{"kind":…,…}</c> (internally tagged), each kind spelled once below. A kind the dialect does
/// not have decodes to <see cref="UnknownSegment"/> and encodes as <c>{"kind":"unknown"}</c>, as serde's
/// <c>#[serde(other)]</c> does; the pod dialect has <c>knowledge_ref</c> and <c>workflow_invoke</c>, the worker dialect
/// <c>flow</c>, and writing one into the other dialect is a <see cref="DialectMismatchException"/>.
/// </summary>
public sealed class SegmentJsonConverter : JsonConverter<Segment>
{
    internal static readonly InternallyTagged<Segment> Shape = new("segment", "kind", new WireTable<Segment>(
        WireVariant<Segment>.Of<TextSegment>(TextSegment.WireKind,
            static (r, _) => new TextSegment(WireRead.OneFieldHere(r, "content", WireRead.String)),
            static (w, s, _) => WireWrite.Field(w, "content", s.Content)),
        WireVariant<Segment>.Of<PasteSegment>(PasteSegment.WireKind, static (r, _) =>
            {
                long? id = null, chars = null, lines = null;
                string? content = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "id": id = WireRead.Unsigned(r, name, uint.MaxValue); break;
                        case "chars": chars = WireRead.Unsigned(r, name, uint.MaxValue); break;
                        case "lines": lines = WireRead.Unsigned(r, name, uint.MaxValue); break;
                        case "content": content = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new PasteSegment(id ?? throw WireRead.Missing("id"), chars ?? throw WireRead.Missing("chars"),
                    lines ?? throw WireRead.Missing("lines"), content ?? throw WireRead.Missing("content"));
            },
            static (w, s, _) =>
            {
                WireWrite.Field(w, "id", s.Id);
                WireWrite.Field(w, "chars", s.Chars);
                WireWrite.Field(w, "lines", s.Lines);
                WireWrite.Field(w, "content", s.Content);
            }),
        WireVariant<Segment>.Of<FileRefSegment>(FileRefSegment.WireKind,
            static (r, _) => new FileRefSegment(WireRead.OneFieldHere(r, "path", WireRead.String)),
            static (w, s, _) => WireWrite.Field(w, "path", s.Path)),
        WireVariant<Segment>.Of<KnowledgeRefSegment>(KnowledgeRefSegment.WireKind,
            static (r, _) => new KnowledgeRefSegment(WireRead.OneFieldHere(r, "slug", WireRead.String)),
            static (w, s, _) => WireWrite.Field(w, "slug", s.Slug),
            Dialect.Pod, static _ => throw new DialectMismatchException(Dialect.Worker, "`knowledge_ref` segment")),
        WireVariant<Segment>.Of<WorkflowInvokeSegment>(WorkflowInvokeSegment.WireKind,
            static (r, _) => new WorkflowInvokeSegment(WireRead.OneFieldHere(r, "slug", WireRead.String)),
            static (w, s, _) => WireWrite.Field(w, "slug", s.Slug),
            Dialect.Pod, static _ => throw new DialectMismatchException(Dialect.Worker, "`workflow_invoke` segment")),
        WireVariant<Segment>.Of<FlowSegment>(FlowSegment.WireKind,
            static (r, _) => new FlowSegment(WireRead.OneFieldHere(r, "selector", WireRead.String)),
            static (w, s, _) => WireWrite.Field(w, "selector", s.Selector),
            Dialect.Worker, static _ => throw new DialectMismatchException(Dialect.Pod, "`flow` segment")),
        // Any UnknownSegment is written as serde writes Segment::Unknown; on input "unknown" is one more unknown kind.
        WireVariant<Segment>.UnitOf(UnknownSegment.WireKind, UnknownSegment.Instance, decodable: false)),
        static (kind, raw) => new UnknownSegment(kind, raw));

    public override Segment ReadJson(JsonReader reader, Type objectType, Segment? existingValue, bool hasExistingValue,
        JsonSerializer serializer) => Shape.Read(reader, null);

    public override void WriteJson(JsonWriter writer, Segment? value, JsonSerializer serializer) =>
        Shape.Write(writer, value ?? throw new ArgumentNullException(nameof(value)), null);
}
