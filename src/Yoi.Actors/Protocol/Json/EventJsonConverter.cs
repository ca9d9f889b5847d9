using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// <see cref="Event"/> ↔ <c>{"event":…,"data":…}</c> (serde adjacently tagged), each event spelled once below: its tag,
/// its dialect, how its <c>data</c> is read and written. Reads stream through the <see cref="JsonReader"/>; only when
/// <c>data</c> precedes <c>event</c> is it buffered first, as serde does. The tags of the two dialects are disjoint, so
/// decoding without a dialect takes either's; a decoded event is written back as it came (a greeting remembers
/// whether it said <c>pod_name</c> or <c>worker_name</c>).
/// </summary>
public sealed class EventJsonConverter : JsonConverter<Event>
{
    private static readonly Func<JsonReader, string, List<Segment>> ReadAnySegments =
        static (r, f) => SegmentJsonConverter.Shape.ReadList(r, f, null);

    private static readonly Func<JsonReader, string, List<Segment>> ReadPodSegments =
        static (r, f) => SegmentJsonConverter.Shape.ReadList(r, f, Dialect.Pod);

    private static readonly Func<JsonReader, string, List<Segment>> ReadWorkerSegments =
        static (r, f) => SegmentJsonConverter.Shape.ReadList(r, f, Dialect.Worker);

    internal static readonly AdjacentlyTagged<Event> Shape = new("event", "event", "data", new WireTable<Event>(
        // The hot streaming events first: one string field each.
        Of<TextDeltaEvent>(TextDeltaEvent.WireName,
            static (r, _) => new TextDeltaEvent(OneString(r, "text")),
            static (w, e) => WireWrite.Field(w, "text", e.Text)),
        Of<ThinkingDeltaEvent>(ThinkingDeltaEvent.WireName,
            static (r, _) => new ThinkingDeltaEvent(OneString(r, "text")),
            static (w, e) => WireWrite.Field(w, "text", e.Text)),
        Of<ToolCallArgsDeltaEvent>(ToolCallArgsDeltaEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                string? id = null, json = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "id": id = WireRead.String(r, name); break;
                        case "json": json = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new ToolCallArgsDeltaEvent(id ?? throw WireRead.Missing("id"), json ?? throw WireRead.Missing("json"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "id", e.Id);
                WireWrite.Field(w, "json", e.Json);
            }),
        Of<StatusEvent>(StatusEvent.WireName,
            static (r, _) => new StatusEvent(WireEnums.PodStatus.Parse(OneString(r, "status"))),
            static (w, e) => WireWrite.Field(w, "status", WireEnums.PodStatus.ToWire(e.Status))),
        Of<UsageEvent>(UsageEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                long? input = null, output = null, cacheRead = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "input_tokens": input = WireRead.OptionalUnsigned(r, name); break;
                        case "output_tokens": output = WireRead.OptionalUnsigned(r, name); break;
                        case "cache_read_input_tokens": cacheRead = WireRead.OptionalUnsigned(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new UsageEvent(input, output, cacheRead);
            },
            static (w, e) =>
            {
                WireWrite.NullableField(w, "input_tokens", e.InputTokens);
                WireWrite.NullableField(w, "output_tokens", e.OutputTokens);
                WireWrite.OptionalField(w, "cache_read_input_tokens", e.CacheReadInputTokens);
            }),
        Of<TextDoneEvent>(TextDoneEvent.WireName,
            static (r, _) => new TextDoneEvent(OneString(r, "text")),
            static (w, e) => WireWrite.Field(w, "text", e.Text)),
        Of<ThinkingDoneEvent>(ThinkingDoneEvent.WireName,
            static (r, _) => new ThinkingDoneEvent(OneString(r, "text")),
            static (w, e) => WireWrite.Field(w, "text", e.Text)),
        WireVariant<Event>.UnitOf(ThinkingStartEvent.WireName, ThinkingStartEvent.Instance),
        WireVariant<Event>.UnitOf(CompactStartEvent.WireName, CompactStartEvent.Instance),
        WireVariant<Event>.UnitOf(ShutdownEvent.WireName, ShutdownEvent.Instance),
        Of<UserMessageEvent>(UserMessageEvent.WireName,
            static (r, d) =>
            {
                WireRead.StartObject(r, "data");
                return new UserMessageEvent(WireRead.OneFieldHere(r, "segments", d is null ? ReadAnySegments : d == Dialect.Pod ? ReadPodSegments : ReadWorkerSegments));
            },
            static (w, e) => SegmentJsonConverter.Shape.WriteList(w, "segments", e.Segments, null)),
        Of<SystemItemEvent>(SystemItemEvent.WireName,
            static (r, _) => new SystemItemEvent(OneValue(r, "item")),
            static (w, e) => ModelWire.WriteValue(w, "item", e.Item)),
        Of<InvokeStartEvent>(InvokeStartEvent.WireName,
            static (r, _) => new InvokeStartEvent(WireEnums.InvokeKind.Parse(OneString(r, "kind"))),
            static (w, e) => WireWrite.Field(w, "kind", WireEnums.InvokeKind.ToWire(e.Kind))),
        Of<TurnStartEvent>(TurnStartEvent.WireName,
            static (r, _) => new TurnStartEvent(OneUnsigned(r, "turn")),
            static (w, e) => WireWrite.Field(w, "turn", e.Turn)),
        Of<TurnEndEvent>(TurnEndEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                long? turn = null;
                TurnResult? result = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "turn": turn = WireRead.Unsigned(r, name); break;
                        case "result": result = WireRead.Enum(r, WireEnums.TurnResult, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new TurnEndEvent(turn ?? throw WireRead.Missing("turn"), result ?? throw WireRead.Missing("result"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "turn", e.Turn);
                WireWrite.Field(w, "result", WireEnums.TurnResult.ToWire(e.Result));
            }),
        Of<LlmCallStartEvent>(LlmCallStartEvent.WireName,
            static (r, _) => new LlmCallStartEvent(OneUnsigned(r, "llm_call")),
            static (w, e) => WireWrite.Field(w, "llm_call", e.LlmCall)),
        Of<LlmCallEndEvent>(LlmCallEndEvent.WireName,
            static (r, _) => new LlmCallEndEvent(OneUnsigned(r, "llm_call")),
            static (w, e) => WireWrite.Field(w, "llm_call", e.LlmCall)),
        Of<LlmRetryEvent>(LlmRetryEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                long? llmCall = null, failed = null, max = null, wait = null, elapsed = null, status = null;
                string? error = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "llm_call": llmCall = WireRead.Unsigned(r, name); break;
                        case "failed_attempt": failed = WireRead.Unsigned(r, name, uint.MaxValue); break;
                        case "max_attempts": max = WireRead.Unsigned(r, name, uint.MaxValue); break;
                        case "wait_ms": wait = WireRead.Unsigned(r, name); break;
                        case "elapsed_ms": elapsed = WireRead.Unsigned(r, name); break;
                        case "status": status = WireRead.OptionalUnsigned(r, name, ushort.MaxValue); break;
                        case "error": error = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new LlmRetryEvent(llmCall ?? throw WireRead.Missing("llm_call"),
                    failed ?? throw WireRead.Missing("failed_attempt"), max ?? throw WireRead.Missing("max_attempts"),
                    wait ?? throw WireRead.Missing("wait_ms"), elapsed ?? throw WireRead.Missing("elapsed_ms"), (int?)status,
                    error ?? throw WireRead.Missing("error"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "llm_call", e.LlmCall);
                WireWrite.Field(w, "failed_attempt", e.FailedAttempt);
                WireWrite.Field(w, "max_attempts", e.MaxAttempts);
                WireWrite.Field(w, "wait_ms", e.WaitMs);
                WireWrite.Field(w, "elapsed_ms", e.ElapsedMs);
                WireWrite.OptionalField(w, "status", e.Status);
                WireWrite.Field(w, "error", e.Error);
            }),
        Of<LlmContinuationEvent>(LlmContinuationEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                long? llmCall = null, attempt = null, max = null;
                string? reason = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "llm_call": llmCall = WireRead.Unsigned(r, name); break;
                        case "attempt": attempt = WireRead.Unsigned(r, name, uint.MaxValue); break;
                        case "max_attempts": max = WireRead.Unsigned(r, name, uint.MaxValue); break;
                        case "reason": reason = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new LlmContinuationEvent(llmCall ?? throw WireRead.Missing("llm_call"),
                    attempt ?? throw WireRead.Missing("attempt"), max ?? throw WireRead.Missing("max_attempts"),
                    reason ?? throw WireRead.Missing("reason"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "llm_call", e.LlmCall);
                WireWrite.Field(w, "attempt", e.Attempt);
                WireWrite.Field(w, "max_attempts", e.MaxAttempts);
                WireWrite.Field(w, "reason", e.Reason);
            }),
        Of<ToolCallStartEvent>(ToolCallStartEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                string? id = null, toolName = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "id": id = WireRead.String(r, name); break;
                        case "name": toolName = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new ToolCallStartEvent(id ?? throw WireRead.Missing("id"), toolName ?? throw WireRead.Missing("name"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "id", e.Id);
                WireWrite.Field(w, "name", e.ToolName);
            }),
        Of<ToolCallDoneEvent>(ToolCallDoneEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                string? id = null, toolName = null, arguments = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "id": id = WireRead.String(r, name); break;
                        case "name": toolName = WireRead.String(r, name); break;
                        case "arguments": arguments = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new ToolCallDoneEvent(id ?? throw WireRead.Missing("id"), toolName ?? throw WireRead.Missing("name"),
                    arguments ?? throw WireRead.Missing("arguments"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "id", e.Id);
                WireWrite.Field(w, "name", e.ToolName);
                WireWrite.Field(w, "arguments", e.Arguments);
            }),
        Of<ToolResultEvent>(ToolResultEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                string? id = null, summary = null, output = null;
                var isError = false;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "id": id = WireRead.String(r, name); break;
                        case "summary": summary = WireRead.String(r, name); break;
                        case "output": output = WireRead.OptionalString(r, name); break;
                        case "is_error": isError = WireRead.Bool(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new ToolResultEvent(id ?? throw WireRead.Missing("id"), summary ?? throw WireRead.Missing("summary"),
                    output, isError);
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "id", e.Id);
                WireWrite.Field(w, "summary", e.Summary);
                WireWrite.OptionalField(w, "output", e.Output);
                WireWrite.Field(w, "is_error", e.IsError);
            }),
        Of<RunEndEvent>(RunEndEvent.WireName,
            static (r, _) => new RunEndEvent(WireEnums.RunResult.Parse(OneString(r, "result"))),
            static (w, e) => WireWrite.Field(w, "result", WireEnums.RunResult.ToWire(e.Result))),
        Of<ErrorEvent>(ErrorEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                ErrorCode? code = null;
                string? message = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "code": code = WireRead.Enum(r, WireEnums.ErrorCode, name); break;
                        case "message": message = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new ErrorEvent(code ?? throw WireRead.Missing("code"), message ?? throw WireRead.Missing("message"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "code", WireEnums.ErrorCode.ToWire(e.Code));
                WireWrite.Field(w, "message", e.Message);
            }),
        Of<SnapshotEvent>(SnapshotEvent.WireName, static (r, d) =>
            {
                WireRead.StartObject(r, "data");
                List<JToken>? entries = null;
                Greeting? greeting = null;
                var status = PodStatus.Idle;
                InFlightSnapshot? inFlight = null;
                List<InternalWorkerSnapshot>? internalWorkers = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "entries": entries = ModelWire.ReadValues(r, name); break;
                        case "greeting": greeting = ModelWire.ReadGreeting(r, d); break;
                        case "status": status = WireRead.Enum(r, WireEnums.PodStatus, name); break;
                        case "in_flight" when d != Dialect.Pod: inFlight = WorkerModelWire.ReadInFlight(r, name); break;
                        case "internal_workers" when d != Dialect.Pod: internalWorkers = WorkerModelWire.ReadInternalWorkers(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new SnapshotEvent(entries ?? throw WireRead.Missing("entries"),
                    greeting ?? throw WireRead.Missing("greeting"), status, inFlight,
                    internalWorkers is { Count: > 0 } ? internalWorkers : null);
            },
            static (w, e) =>
            {
                ModelWire.WriteValues(w, "entries", e.Entries);
                w.WritePropertyName("greeting");
                ModelWire.Write(w, e.Greeting);
                WireWrite.Field(w, "status", WireEnums.PodStatus.ToWire(e.Status));
                WorkerModelWire.WriteInFlight(w, e.InFlight);
                WorkerModelWire.WriteInternalWorkers(w, e.InternalWorkers);
            }),
        Of<SegmentRotatedEvent>(SegmentRotatedEvent.WireName,
            static (r, _) => new SegmentRotatedEvent(OneValue(r, "entry")),
            static (w, e) => ModelWire.WriteValue(w, "entry", e.Entry)),
        Of<CompletionsEvent>(CompletionsEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                CompletionKind? kind = null;
                List<CompletionEntry>? entries = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "kind": kind = WireRead.Enum(r, WireEnums.CompletionKind, name); break;
                        case "entries": entries = ModelWire.ReadList(r, name, ModelWire.ReadCompletionEntry); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new CompletionsEvent(kind ?? throw WireRead.Missing("kind"), entries ?? throw WireRead.Missing("entries"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "kind", WireEnums.CompletionKind.ToWire(e.Kind));
                ModelWire.WriteList(w, "entries", e.Entries, ModelWire.Write);
            }),
        Of<RewindTargetsEvent>(RewindTargetsEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                long? head = null;
                List<RewindTarget>? targets = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "head_entries": head = WireRead.Unsigned(r, name); break;
                        case "targets": targets = ModelWire.ReadList(r, name, ModelWire.ReadRewindTarget); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new RewindTargetsEvent(head ?? throw WireRead.Missing("head_entries"),
                    targets ?? throw WireRead.Missing("targets"));
            },
            static (w, e) =>
            {
                WireWrite.Field(w, "head_entries", e.HeadEntries);
                ModelWire.WriteList(w, "targets", e.Targets, ModelWire.Write);
            }),
        Of<RewindAppliedEvent>(RewindAppliedEvent.WireName, static (r, d) =>
            {
                WireRead.StartObject(r, "data");
                List<JToken>? entries = null;
                List<Segment>? input = null;
                RewindSummary? summary = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "entries": entries = ModelWire.ReadValues(r, name); break;
                        case "input": input = SegmentJsonConverter.Shape.ReadList(r, name, d); break;
                        case "summary": summary = ModelWire.ReadRewindSummary(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new RewindAppliedEvent(entries ?? throw WireRead.Missing("entries"),
                    input ?? throw WireRead.Missing("input"), summary ?? throw WireRead.Missing("summary"));
            },
            static (w, e) =>
            {
                ModelWire.WriteValues(w, "entries", e.Entries);
                SegmentJsonConverter.Shape.WriteList(w, "input", e.Input, null);
                ModelWire.Write(w, "summary", e.Summary);
            }),
        Of<PodsListedEvent>(PodsListedEvent.WireName,
            static (r, _) => new PodsListedEvent(OneValue(r, "pods")),
            static (w, e) => ModelWire.WriteValue(w, "pods", e.Pods), Dialect.Pod),
        Of<WorkersListedEvent>(WorkersListedEvent.WireName,
            static (r, _) => new WorkersListedEvent(OneValue(r, "workers")),
            static (w, e) => ModelWire.WriteValue(w, "workers", e.Workers), Dialect.Worker),
        Of<PodRestoredEvent>(PodRestoredEvent.WireName,
            static (r, _) => new PodRestoredEvent(OneValue(r, "result")),
            static (w, e) => ModelWire.WriteValue(w, "result", e.Result), Dialect.Pod),
        Of<WorkerRestoredEvent>(WorkerRestoredEvent.WireName,
            static (r, _) => new WorkerRestoredEvent(OneValue(r, "result")),
            static (w, e) => ModelWire.WriteValue(w, "result", e.Result), Dialect.Worker),
        Of<PeerRegisteredEvent>(PeerRegisteredEvent.WireName,
            static (r, _) => new PeerRegisteredEvent(OneValue(r, "result")),
            static (w, e) => ModelWire.WriteValue(w, "result", e.Result)),
        // Newtype variants: the struct itself is `data`.
        WireVariant<Event>.Of<AlertEvent>(AlertEvent.WireName,
            static (r, _) => new AlertEvent(ModelWire.ReadAlert(StartData(r))),
            static (w, e, _) => ModelWire.Write(w, e.Alert)),
        WireVariant<Event>.Of<MemoryWorkerEvent>(MemoryWorkerEvent.WireName,
            static (r, _) => new MemoryWorkerEvent(ModelWire.ReadMemoryWorker(StartData(r))),
            static (w, e, _) => ModelWire.Write(w, e.Update)),
        Of<CompactDoneEvent>(CompactDoneEvent.WireName,
            static (r, _) => new CompactDoneEvent(WireUuid.Parse(OneString(r, "new_segment_id"), "new_segment_id")),
            static (w, e) => WireWrite.Field(w, "new_segment_id", WireUuid.Format(e.NewSegmentId))),
        Of<CompactFailedEvent>(CompactFailedEvent.WireName,
            static (r, _) => new CompactFailedEvent(OneString(r, "error")),
            static (w, e) => WireWrite.Field(w, "error", e.Error)),
        Of<InternalWorkerEvent>(InternalWorkerEvent.WireName, static (r, d) =>
            {
                WireRead.StartObject(r, "data");
                InternalWorkerRef? worker = null;
                long? revision = null;
                Event? inner = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "worker": worker = WorkerModelWire.ReadInternalWorkerRef(r, name); break;
                        case "revision": revision = WireRead.Unsigned(r, name); break;
                        case "event":
                            WireRead.StartObject(r, name);
                            inner = Read(r, null, d ?? Dialect.Worker);
                            break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new InternalWorkerEvent(worker ?? throw WireRead.Missing("worker"),
                    revision ?? throw WireRead.Missing("revision"), inner ?? throw WireRead.Missing("event"));
            },
            static (w, e) =>
            {
                w.WritePropertyName("worker");
                WorkerModelWire.Write(w, e.Worker);
                WireWrite.Field(w, "revision", e.Revision);
                w.WritePropertyName("event");
                Write(w, e.Event);
            }, Dialect.Worker),
        Of<InternalWorkerRemovedEvent>(InternalWorkerRemovedEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                InternalWorkerRef? worker = null;
                long? revision = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "worker": worker = WorkerModelWire.ReadInternalWorkerRef(r, name); break;
                        case "revision": revision = WireRead.Unsigned(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new InternalWorkerRemovedEvent(worker ?? throw WireRead.Missing("worker"),
                    revision ?? throw WireRead.Missing("revision"));
            },
            static (w, e) =>
            {
                w.WritePropertyName("worker");
                WorkerModelWire.Write(w, e.Worker);
                WireWrite.Field(w, "revision", e.Revision);
            }, Dialect.Worker),
        Of<CommandEvent>(CommandEvent.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "data");
                return new CommandEvent(WireRead.OneFieldHere(r, "event", static (r2, _) =>
                {
                    WireRead.Next(r2);
                    return WorkerModelWire.CommandUpdates.Read(r2, Dialect.Worker);
                }));
            },
            static (w, e) =>
            {
                w.WritePropertyName("event");
                WorkerModelWire.CommandUpdates.Write(w, e.Update, Dialect.Worker);
            }, Dialect.Worker)));

    /// <summary>Outside a line there is no raw text, so an <see cref="UnknownEvent"/> gets its tag and data re-serialized.</summary>
    public override Event ReadJson(JsonReader reader, Type objectType, Event? existingValue, bool hasExistingValue,
        JsonSerializer serializer)
    {
        if (reader.TokenType != JsonToken.StartObject)
            throw WireRead.TypeError(reader, "event", "an object");
        return Read(reader, null, null);
    }

    public override void WriteJson(JsonWriter writer, Event? value, JsonSerializer serializer) =>
        Write(writer, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>
    /// Reads the event object the reader is positioned on: <paramref name="dialect"/>'s events, or either's.
    /// <paramref name="rawLine"/> backs an <see cref="UnknownEvent"/>; without it, the unknown event's data is kept to
    /// rebuild it.
    /// </summary>
    internal static Event Read(JsonReader reader, string? rawLine, Dialect? dialect)
    {
        var name = Shape.Read(reader, dialect, rawLine is null, null, out var value, out var data);
        return value ?? new UnknownEvent(name, rawLine ?? Rebuild(name, data));
    }

    /// <summary>Writes the event in serde's form, as it came: fields in Rust declaration order, unit variants without <c>data</c>.</summary>
    internal static void Write(JsonWriter writer, Event value)
    {
        if (value is UnknownEvent unknown)
            writer.WriteRawValue(unknown.RawLine);
        else
            Shape.Write(writer, value, null);
    }

    /// <summary>An event whose <c>data</c> is an object of fields, written between braces by <paramref name="writeFields"/>.</summary>
    private static WireVariant<Event> Of<T>(string tag, WireReader<T> read, Action<JsonWriter, T> writeFields, Dialect? only = null)
        where T : Event =>
        WireVariant<Event>.Of<T>(tag, read, (w, e, _) => writeFields(w, e), only, fieldsObject: true);

    private static JsonReader StartData(JsonReader reader)
    {
        WireRead.StartObject(reader, "data");
        return reader;
    }

    private static string OneString(JsonReader reader, string field) => WireRead.OneField(reader, "data", field, WireRead.String);

    private static long OneUnsigned(JsonReader reader, string field) =>
        WireRead.OneField(reader, "data", field, static (r, f) => WireRead.Unsigned(r, f));

    private static JToken OneValue(JsonReader reader, string field) =>
        WireRead.OneField(reader, "data", field, static (r, _) => WireRead.Value(r));

    private static string Rebuild(string name, JToken? data)
    {
        var builder = new StringBuilder();
        using var writer = new SerdeJsonWriter(builder);
        writer.WriteStartObject();
        WireWrite.Field(writer, "event", name);
        if (data is not null)
            ModelWire.WriteValue(writer, "data", data);
        writer.WriteEndObject();
        return builder.ToString();
    }
}
