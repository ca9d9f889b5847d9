using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// <see cref="Segment"/> ↔ <c>{"kind":…,…}</c> (internally tagged). Unknown kinds decode to <see cref="UnknownSegment"/>
/// and encode as <c>{"kind":"unknown"}</c>, as serde's <c>#[serde(other)]</c> does.
/// </summary>
public sealed class SegmentJsonConverter : JsonConverter<Segment>
{
    public override Segment ReadJson(JsonReader reader, Type objectType, Segment? existingValue, bool hasExistingValue,
        JsonSerializer serializer) => ReadCurrent(reader);

    public override void WriteJson(JsonWriter writer, Segment? value, JsonSerializer serializer) =>
        Write(writer, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Reads the next value as a <c>Vec&lt;Segment&gt;</c>.</summary>
    internal static List<Segment> ReadList(JsonReader reader, string field)
    {
        WireRead.Next(reader);
        if (reader.TokenType != JsonToken.StartArray)
        {
            throw WireRead.TypeError(reader, field, "an array of segments");
        }

        var list = new List<Segment>();
        while (true)
        {
            WireRead.Next(reader);
            if (reader.TokenType == JsonToken.EndArray)
            {
                return list;
            }

            list.Add(ReadCurrent(reader));
        }
    }

    internal static void WriteList(JsonWriter writer, string field, IReadOnlyList<Segment> segments)
    {
        writer.WritePropertyName(field);
        writer.WriteStartArray();
        foreach (var segment in segments)
        {
            Write(writer, segment);
        }

        writer.WriteEndArray();
    }

    internal static void Write(JsonWriter writer, Segment segment)
    {
        writer.WriteStartObject();
        switch (segment)
        {
            case TextSegment text:
                WireWrite.Field(writer, "kind", TextSegment.WireKind);
                WireWrite.Field(writer, "content", text.Content);
                break;
            case PasteSegment paste:
                WireWrite.Field(writer, "kind", PasteSegment.WireKind);
                WireWrite.Field(writer, "id", paste.Id);
                WireWrite.Field(writer, "chars", paste.Chars);
                WireWrite.Field(writer, "lines", paste.Lines);
                WireWrite.Field(writer, "content", paste.Content);
                break;
            case FileRefSegment file:
                WireWrite.Field(writer, "kind", FileRefSegment.WireKind);
                WireWrite.Field(writer, "path", file.Path);
                break;
            case KnowledgeRefSegment knowledge:
                WireWrite.Field(writer, "kind", KnowledgeRefSegment.WireKind);
                WireWrite.Field(writer, "slug", knowledge.Slug);
                break;
            case WorkflowInvokeSegment workflow:
                WireWrite.Field(writer, "kind", WorkflowInvokeSegment.WireKind);
                WireWrite.Field(writer, "slug", workflow.Slug);
                break;
            case UnknownSegment:
                WireWrite.Field(writer, "kind", UnknownSegment.WireKind);
                break;
            default:
                throw new ArgumentException($"unsupported segment type {segment.GetType().Name}", nameof(segment));
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads the segment object the reader is positioned on.</summary>
    private static Segment ReadCurrent(JsonReader reader)
    {
        var kind = InternalTag.Read(reader, "segment", "kind", out var body, out var buffered);
        if (kind is not (TextSegment.WireKind or PasteSegment.WireKind or FileRefSegment.WireKind
            or KnowledgeRefSegment.WireKind or WorkflowInvokeSegment.WireKind))
        {
            return new UnknownSegment(kind, buffered ?? InternalTag.ReadRest(body, new JObject { ["kind"] = kind }));
        }

        try
        {
            return ReadKnown(kind, body);
        }
        catch (ProtocolException e)
        {
            throw new ProtocolException($"segment `{kind}`: {e.Message}", e);
        }
    }

    private static Segment ReadKnown(string kind, JsonReader reader)
    {
        string? content = null, path = null, slug = null;
        long? id = null, chars = null, lines = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "content": content = WireRead.String(reader, name); break;
                case "path": path = WireRead.String(reader, name); break;
                case "slug": slug = WireRead.String(reader, name); break;
                case "id": id = WireRead.Unsigned(reader, name, uint.MaxValue); break;
                case "chars": chars = WireRead.Unsigned(reader, name, uint.MaxValue); break;
                case "lines": lines = WireRead.Unsigned(reader, name, uint.MaxValue); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return kind switch
        {
            TextSegment.WireKind => new TextSegment(content ?? throw WireRead.Missing("content")),
            PasteSegment.WireKind => new PasteSegment(id ?? throw WireRead.Missing("id"),
                chars ?? throw WireRead.Missing("chars"), lines ?? throw WireRead.Missing("lines"),
                content ?? throw WireRead.Missing("content")),
            FileRefSegment.WireKind => new FileRefSegment(path ?? throw WireRead.Missing("path")),
            KnowledgeRefSegment.WireKind => new KnowledgeRefSegment(slug ?? throw WireRead.Missing("slug")),
            _ => new WorkflowInvokeSegment(slug ?? throw WireRead.Missing("slug")),
        };
    }
}
