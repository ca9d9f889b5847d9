using System.Collections.Frozen;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// <see cref="Event"/> ↔ <c>{"event":…,"data":…}</c> (serde adjacently tagged). Reads stream through the
/// <see cref="JsonReader"/>; only when <c>data</c> precedes <c>event</c> is it buffered first, as serde does.
/// </summary>
public sealed class EventJsonConverter : JsonConverter<Event>
{
    private static readonly FrozenSet<string> KnownNames = new[]
    {
        UserMessageEvent.WireName, SystemItemEvent.WireName, InvokeStartEvent.WireName, TurnStartEvent.WireName,
        TurnEndEvent.WireName, LlmCallStartEvent.WireName, LlmCallEndEvent.WireName, LlmRetryEvent.WireName,
        LlmContinuationEvent.WireName, TextDeltaEvent.WireName, TextDoneEvent.WireName, ThinkingStartEvent.WireName,
        ThinkingDeltaEvent.WireName, ThinkingDoneEvent.WireName, ToolCallStartEvent.WireName,
        ToolCallArgsDeltaEvent.WireName, ToolCallDoneEvent.WireName, ToolResultEvent.WireName, UsageEvent.WireName,
        RunEndEvent.WireName, ErrorEvent.WireName, SnapshotEvent.WireName, SegmentRotatedEvent.WireName,
        StatusEvent.WireName, CompletionsEvent.WireName, RewindTargetsEvent.WireName, RewindAppliedEvent.WireName,
        PodsListedEvent.WireName, PodRestoredEvent.WireName, PeerRegisteredEvent.WireName, AlertEvent.WireName,
        MemoryWorkerEvent.WireName, CompactStartEvent.WireName, CompactDoneEvent.WireName, CompactFailedEvent.WireName,
        ShutdownEvent.WireName,
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly Func<string, bool> IsKnown = KnownNames.Contains;

    private static readonly AdjacentlyTagged<Event> Shape = new("event", "data", ReadData);

    /// <summary>Outside a line there is no raw text, so an <see cref="UnknownEvent"/> gets its tag and data re-serialized.</summary>
    public override Event ReadJson(JsonReader reader, Type objectType, Event? existingValue, bool hasExistingValue,
        JsonSerializer serializer)
    {
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw WireRead.TypeError(reader, "event", "an object");
        }

        return Read(reader, null);
    }

    public override void WriteJson(JsonWriter writer, Event? value, JsonSerializer serializer) =>
        Write(writer, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Reads the event object the reader is positioned on; <paramref name="rawLine"/> backs an <see cref="UnknownEvent"/>.</summary>
    internal static Event Read(JsonReader reader, string? rawLine)
    {
        // Without a raw line, an unknown event's data is kept to rebuild it; with one, ReadData skips it.
        var name = Shape.Read(reader, rawLine is null ? IsKnown : null, out var result, out var bufferedData);
        if (result is not null)
        {
            return result;
        }

        if (!KnownNames.Contains(name))
        {
            return new UnknownEvent(name, rawLine ?? Rebuild(name, bufferedData));
        }

        return name switch
        {
            ThinkingStartEvent.WireName => ThinkingStartEvent.Instance,
            CompactStartEvent.WireName => CompactStartEvent.Instance,
            ShutdownEvent.WireName => ShutdownEvent.Instance,
            _ => throw new ProtocolException($"event `{name}`: missing field `data`"),
        };
    }

    /// <summary>Reads the <c>data</c> value (next token) of event <paramref name="name"/>; null when the name is unknown.</summary>
    private static Event? ReadData(string name, JsonReader reader)
    {
        try
        {
            return name switch
            {
                // The hot streaming events first: one string field each.
                TextDeltaEvent.WireName => new TextDeltaEvent(ReadOneString(reader, "text")),
                ThinkingDeltaEvent.WireName => new ThinkingDeltaEvent(ReadOneString(reader, "text")),
                ToolCallArgsDeltaEvent.WireName => ReadToolCallArgsDelta(reader),
                StatusEvent.WireName => new StatusEvent(WireEnums.PodStatus.Parse(ReadOneString(reader, "status"))),
                UsageEvent.WireName => ReadUsage(reader),
                TextDoneEvent.WireName => new TextDoneEvent(ReadOneString(reader, "text")),
                ThinkingDoneEvent.WireName => new ThinkingDoneEvent(ReadOneString(reader, "text")),
                ThinkingStartEvent.WireName => ReadUnit(reader, ThinkingStartEvent.Instance),
                CompactStartEvent.WireName => ReadUnit(reader, CompactStartEvent.Instance),
                ShutdownEvent.WireName => ReadUnit(reader, ShutdownEvent.Instance),
                UserMessageEvent.WireName => ReadUserMessage(reader),
                SystemItemEvent.WireName => new SystemItemEvent(ReadOneValue(reader, "item")),
                InvokeStartEvent.WireName => new InvokeStartEvent(WireEnums.InvokeKind.Parse(ReadOneString(reader, "kind"))),
                TurnStartEvent.WireName => new TurnStartEvent(ReadOneUnsigned(reader, "turn")),
                TurnEndEvent.WireName => ReadTurnEnd(reader),
                LlmCallStartEvent.WireName => new LlmCallStartEvent(ReadOneUnsigned(reader, "llm_call")),
                LlmCallEndEvent.WireName => new LlmCallEndEvent(ReadOneUnsigned(reader, "llm_call")),
                LlmRetryEvent.WireName => ReadLlmRetry(reader),
                LlmContinuationEvent.WireName => ReadLlmContinuation(reader),
                ToolCallStartEvent.WireName => ReadToolCallStart(reader),
                ToolCallDoneEvent.WireName => ReadToolCallDone(reader),
                ToolResultEvent.WireName => ReadToolResult(reader),
                RunEndEvent.WireName => new RunEndEvent(WireEnums.RunResult.Parse(ReadOneString(reader, "result"))),
                ErrorEvent.WireName => ReadError(reader),
                SnapshotEvent.WireName => ReadSnapshot(reader),
                SegmentRotatedEvent.WireName => new SegmentRotatedEvent(ReadOneValue(reader, "entry")),
                CompletionsEvent.WireName => ReadCompletions(reader),
                RewindTargetsEvent.WireName => ReadRewindTargets(reader),
                RewindAppliedEvent.WireName => ReadRewindApplied(reader),
                PodsListedEvent.WireName => new PodsListedEvent(ReadOneValue(reader, "pods")),
                PodRestoredEvent.WireName => new PodRestoredEvent(ReadOneValue(reader, "result")),
                PeerRegisteredEvent.WireName => new PeerRegisteredEvent(ReadOneValue(reader, "result")),
                AlertEvent.WireName => new AlertEvent(ModelWire.ReadAlert(StartData(reader))),
                MemoryWorkerEvent.WireName => new MemoryWorkerEvent(ModelWire.ReadMemoryWorker(StartData(reader))),
                CompactDoneEvent.WireName => new CompactDoneEvent(WireUuid.Parse(ReadOneString(reader, "new_segment_id"),
                    "new_segment_id")),
                CompactFailedEvent.WireName => new CompactFailedEvent(ReadOneString(reader, "error")),
                _ => SkipUnknown(reader),
            };
        }
        catch (ProtocolException e)
        {
            throw new ProtocolException($"event `{name}`: {e.Message}", e);
        }
    }

    private static Event? SkipUnknown(JsonReader reader)
    {
        WireRead.Skip(reader);
        return null;
    }

    private static JsonReader StartData(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        return reader;
    }

    /// <summary>A unit variant accepts <c>"data":null</c> but nothing else (serde: "expected unit").</summary>
    private static Event ReadUnit(JsonReader reader, Event instance)
    {
        WireRead.Next(reader);
        return reader.TokenType == JsonToken.Null
            ? instance
            : throw WireRead.TypeError(reader, "data", "null or no `data` (unit variant)");
    }

    private static string ReadOneString(JsonReader reader, string field) => WireRead.OneField(reader, "data", field, WireRead.String);

    private static long ReadOneUnsigned(JsonReader reader, string field) =>
        WireRead.OneField(reader, "data", field, static (r, f) => WireRead.Unsigned(r, f));

    private static JToken ReadOneValue(JsonReader reader, string field) =>
        WireRead.OneField(reader, "data", field, static (r, _) => WireRead.Value(r));

    private static ToolCallArgsDeltaEvent ReadToolCallArgsDelta(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        string? id = null, json = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "id": id = WireRead.String(reader, name); break;
                case "json": json = WireRead.String(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new ToolCallArgsDeltaEvent(id ?? throw WireRead.Missing("id"), json ?? throw WireRead.Missing("json"));
    }

    private static UsageEvent ReadUsage(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        long? input = null, output = null, cacheRead = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "input_tokens": input = WireRead.OptionalUnsigned(reader, name); break;
                case "output_tokens": output = WireRead.OptionalUnsigned(reader, name); break;
                case "cache_read_input_tokens": cacheRead = WireRead.OptionalUnsigned(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new UsageEvent(input, output, cacheRead);
    }

    private static UserMessageEvent ReadUserMessage(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        List<Segment>? segments = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            if (name == "segments")
            {
                segments = SegmentJsonConverter.ReadList(reader, name);
            }
            else
            {
                WireRead.Skip(reader);
            }
        }

        return new UserMessageEvent(segments ?? throw WireRead.Missing("segments"));
    }

    private static TurnEndEvent ReadTurnEnd(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        long? turn = null;
        TurnResult? result = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "turn": turn = WireRead.Unsigned(reader, name); break;
                case "result": result = WireRead.Enum(reader, WireEnums.TurnResult, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new TurnEndEvent(turn ?? throw WireRead.Missing("turn"), result ?? throw WireRead.Missing("result"));
    }

    private static LlmRetryEvent ReadLlmRetry(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        long? llmCall = null, failed = null, max = null, wait = null, elapsed = null, status = null;
        string? error = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "llm_call": llmCall = WireRead.Unsigned(reader, name); break;
                case "failed_attempt": failed = WireRead.Unsigned(reader, name, uint.MaxValue); break;
                case "max_attempts": max = WireRead.Unsigned(reader, name, uint.MaxValue); break;
                case "wait_ms": wait = WireRead.Unsigned(reader, name); break;
                case "elapsed_ms": elapsed = WireRead.Unsigned(reader, name); break;
                case "status": status = WireRead.OptionalUnsigned(reader, name, ushort.MaxValue); break;
                case "error": error = WireRead.String(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new LlmRetryEvent(llmCall ?? throw WireRead.Missing("llm_call"), failed ?? throw WireRead.Missing("failed_attempt"),
            max ?? throw WireRead.Missing("max_attempts"), wait ?? throw WireRead.Missing("wait_ms"),
            elapsed ?? throw WireRead.Missing("elapsed_ms"), (int?)status, error ?? throw WireRead.Missing("error"));
    }

    private static LlmContinuationEvent ReadLlmContinuation(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        long? llmCall = null, attempt = null, max = null;
        string? reason = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "llm_call": llmCall = WireRead.Unsigned(reader, name); break;
                case "attempt": attempt = WireRead.Unsigned(reader, name, uint.MaxValue); break;
                case "max_attempts": max = WireRead.Unsigned(reader, name, uint.MaxValue); break;
                case "reason": reason = WireRead.String(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new LlmContinuationEvent(llmCall ?? throw WireRead.Missing("llm_call"),
            attempt ?? throw WireRead.Missing("attempt"), max ?? throw WireRead.Missing("max_attempts"),
            reason ?? throw WireRead.Missing("reason"));
    }

    private static ToolCallStartEvent ReadToolCallStart(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        string? id = null, toolName = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "id": id = WireRead.String(reader, name); break;
                case "name": toolName = WireRead.String(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new ToolCallStartEvent(id ?? throw WireRead.Missing("id"), toolName ?? throw WireRead.Missing("name"));
    }

    private static ToolCallDoneEvent ReadToolCallDone(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        string? id = null, toolName = null, arguments = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "id": id = WireRead.String(reader, name); break;
                case "name": toolName = WireRead.String(reader, name); break;
                case "arguments": arguments = WireRead.String(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new ToolCallDoneEvent(id ?? throw WireRead.Missing("id"), toolName ?? throw WireRead.Missing("name"),
            arguments ?? throw WireRead.Missing("arguments"));
    }

    private static ToolResultEvent ReadToolResult(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        string? id = null, summary = null, output = null;
        var isError = false;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "id": id = WireRead.String(reader, name); break;
                case "summary": summary = WireRead.String(reader, name); break;
                case "output": output = WireRead.OptionalString(reader, name); break;
                case "is_error": isError = WireRead.Bool(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new ToolResultEvent(id ?? throw WireRead.Missing("id"), summary ?? throw WireRead.Missing("summary"), output,
            isError);
    }

    private static ErrorEvent ReadError(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        ErrorCode? code = null;
        string? message = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "code": code = WireRead.Enum(reader, WireEnums.ErrorCode, name); break;
                case "message": message = WireRead.String(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new ErrorEvent(code ?? throw WireRead.Missing("code"), message ?? throw WireRead.Missing("message"));
    }

    private static SnapshotEvent ReadSnapshot(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        List<JToken>? entries = null;
        Greeting? greeting = null;
        var status = PodStatus.Idle;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "entries": entries = ModelWire.ReadValues(reader, name); break;
                case "greeting": greeting = ModelWire.ReadGreeting(reader); break;
                case "status": status = WireRead.Enum(reader, WireEnums.PodStatus, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new SnapshotEvent(entries ?? throw WireRead.Missing("entries"), greeting ?? throw WireRead.Missing("greeting"),
            status);
    }

    private static CompletionsEvent ReadCompletions(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        CompletionKind? kind = null;
        List<CompletionEntry>? entries = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "kind": kind = WireRead.Enum(reader, WireEnums.CompletionKind, name); break;
                case "entries": entries = ModelWire.ReadList(reader, name, ModelWire.ReadCompletionEntry); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new CompletionsEvent(kind ?? throw WireRead.Missing("kind"), entries ?? throw WireRead.Missing("entries"));
    }

    private static RewindTargetsEvent ReadRewindTargets(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        long? head = null;
        List<RewindTarget>? targets = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "head_entries": head = WireRead.Unsigned(reader, name); break;
                case "targets": targets = ModelWire.ReadList(reader, name, ModelWire.ReadRewindTarget); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new RewindTargetsEvent(head ?? throw WireRead.Missing("head_entries"), targets ?? throw WireRead.Missing("targets"));
    }

    private static RewindAppliedEvent ReadRewindApplied(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        List<JToken>? entries = null;
        List<Segment>? input = null;
        RewindSummary? summary = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "entries": entries = ModelWire.ReadValues(reader, name); break;
                case "input": input = SegmentJsonConverter.ReadList(reader, name); break;
                case "summary": summary = ModelWire.ReadRewindSummary(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new RewindAppliedEvent(entries ?? throw WireRead.Missing("entries"), input ?? throw WireRead.Missing("input"),
            summary ?? throw WireRead.Missing("summary"));
    }

    private static string Rebuild(string name, JToken? data)
    {
        var builder = new StringBuilder();
        using var writer = new SerdeJsonWriter(builder);
        writer.WriteStartObject();
        WireWrite.Field(writer, "event", name);
        if (data is not null)
        {
            ModelWire.WriteValue(writer, "data", data);
        }

        writer.WriteEndObject();
        return builder.ToString();
    }

    /// <summary>Writes the event in serde's form: fields in Rust declaration order, unit variants without <c>data</c>.</summary>
    internal static void Write(JsonWriter writer, Event value)
    {
        if (value is UnknownEvent unknown)
        {
            writer.WriteRawValue(unknown.RawLine);
            return;
        }

        writer.WriteStartObject();
        WireWrite.Field(writer, "event", value.Name);
        switch (value)
        {
            case ThinkingStartEvent or CompactStartEvent or ShutdownEvent:
                break;
            case AlertEvent e:
                writer.WritePropertyName("data");
                ModelWire.Write(writer, e.Alert);
                break;
            case MemoryWorkerEvent e:
                writer.WritePropertyName("data");
                ModelWire.Write(writer, e.Update);
                break;
            default:
                writer.WritePropertyName("data");
                writer.WriteStartObject();
                WriteFields(writer, value);
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteFields(JsonWriter writer, Event value)
    {
        switch (value)
        {
            case TextDeltaEvent e:
                WireWrite.Field(writer, "text", e.Text);
                break;
            case ThinkingDeltaEvent e:
                WireWrite.Field(writer, "text", e.Text);
                break;
            case ToolCallArgsDeltaEvent e:
                WireWrite.Field(writer, "id", e.Id);
                WireWrite.Field(writer, "json", e.Json);
                break;
            case StatusEvent e:
                WireWrite.Field(writer, "status", WireEnums.PodStatus.ToWire(e.Status));
                break;
            case UsageEvent e:
                WireWrite.NullableField(writer, "input_tokens", e.InputTokens);
                WireWrite.NullableField(writer, "output_tokens", e.OutputTokens);
                if (e.CacheReadInputTokens is { } cacheRead)
                {
                    WireWrite.Field(writer, "cache_read_input_tokens", cacheRead);
                }

                break;
            case TextDoneEvent e:
                WireWrite.Field(writer, "text", e.Text);
                break;
            case ThinkingDoneEvent e:
                WireWrite.Field(writer, "text", e.Text);
                break;
            case UserMessageEvent e:
                SegmentJsonConverter.WriteList(writer, "segments", e.Segments);
                break;
            case SystemItemEvent e:
                ModelWire.WriteValue(writer, "item", e.Item);
                break;
            case InvokeStartEvent e:
                WireWrite.Field(writer, "kind", WireEnums.InvokeKind.ToWire(e.Kind));
                break;
            case TurnStartEvent e:
                WireWrite.Field(writer, "turn", e.Turn);
                break;
            case TurnEndEvent e:
                WireWrite.Field(writer, "turn", e.Turn);
                WireWrite.Field(writer, "result", WireEnums.TurnResult.ToWire(e.Result));
                break;
            case LlmCallStartEvent e:
                WireWrite.Field(writer, "llm_call", e.LlmCall);
                break;
            case LlmCallEndEvent e:
                WireWrite.Field(writer, "llm_call", e.LlmCall);
                break;
            case LlmRetryEvent e:
                WireWrite.Field(writer, "llm_call", e.LlmCall);
                WireWrite.Field(writer, "failed_attempt", e.FailedAttempt);
                WireWrite.Field(writer, "max_attempts", e.MaxAttempts);
                WireWrite.Field(writer, "wait_ms", e.WaitMs);
                WireWrite.Field(writer, "elapsed_ms", e.ElapsedMs);
                if (e.Status is { } status)
                {
                    WireWrite.Field(writer, "status", status);
                }

                WireWrite.Field(writer, "error", e.Error);
                break;
            case LlmContinuationEvent e:
                WireWrite.Field(writer, "llm_call", e.LlmCall);
                WireWrite.Field(writer, "attempt", e.Attempt);
                WireWrite.Field(writer, "max_attempts", e.MaxAttempts);
                WireWrite.Field(writer, "reason", e.Reason);
                break;
            case ToolCallStartEvent e:
                WireWrite.Field(writer, "id", e.Id);
                WireWrite.Field(writer, "name", e.ToolName);
                break;
            case ToolCallDoneEvent e:
                WireWrite.Field(writer, "id", e.Id);
                WireWrite.Field(writer, "name", e.ToolName);
                WireWrite.Field(writer, "arguments", e.Arguments);
                break;
            case ToolResultEvent e:
                WireWrite.Field(writer, "id", e.Id);
                WireWrite.Field(writer, "summary", e.Summary);
                if (e.Output is { } output)
                {
                    WireWrite.Field(writer, "output", output);
                }

                WireWrite.Field(writer, "is_error", e.IsError);
                break;
            case RunEndEvent e:
                WireWrite.Field(writer, "result", WireEnums.RunResult.ToWire(e.Result));
                break;
            case ErrorEvent e:
                WireWrite.Field(writer, "code", WireEnums.ErrorCode.ToWire(e.Code));
                WireWrite.Field(writer, "message", e.Message);
                break;
            case SnapshotEvent e:
                ModelWire.WriteValues(writer, "entries", e.Entries);
                writer.WritePropertyName("greeting");
                ModelWire.Write(writer, e.Greeting);
                WireWrite.Field(writer, "status", WireEnums.PodStatus.ToWire(e.Status));
                break;
            case SegmentRotatedEvent e:
                ModelWire.WriteValue(writer, "entry", e.Entry);
                break;
            case CompletionsEvent e:
                WireWrite.Field(writer, "kind", WireEnums.CompletionKind.ToWire(e.Kind));
                writer.WritePropertyName("entries");
                writer.WriteStartArray();
                foreach (var entry in e.Entries)
                {
                    ModelWire.Write(writer, entry);
                }

                writer.WriteEndArray();
                break;
            case RewindTargetsEvent e:
                WireWrite.Field(writer, "head_entries", e.HeadEntries);
                writer.WritePropertyName("targets");
                writer.WriteStartArray();
                foreach (var target in e.Targets)
                {
                    ModelWire.Write(writer, target);
                }

                writer.WriteEndArray();
                break;
            case RewindAppliedEvent e:
                ModelWire.WriteValues(writer, "entries", e.Entries);
                SegmentJsonConverter.WriteList(writer, "input", e.Input);
                ModelWire.Write(writer, "summary", e.Summary);
                break;
            case PodsListedEvent e:
                ModelWire.WriteValue(writer, "pods", e.Pods);
                break;
            case PodRestoredEvent e:
                ModelWire.WriteValue(writer, "result", e.Result);
                break;
            case PeerRegisteredEvent e:
                ModelWire.WriteValue(writer, "result", e.Result);
                break;
            case CompactDoneEvent e:
                WireWrite.Field(writer, "new_segment_id", WireUuid.Format(e.NewSegmentId));
                break;
            case CompactFailedEvent e:
                WireWrite.Field(writer, "error", e.Error);
                break;
            default:
                throw new ArgumentException($"unsupported event type {value.GetType().Name}", nameof(value));
        }
    }
}
