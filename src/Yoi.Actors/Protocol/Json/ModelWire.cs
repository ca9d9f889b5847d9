using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>Readers and writers of the plain structs (serde derive: declaration order out, any order and unknown fields in).</summary>
internal static class ModelWire
{
    /// <summary>Reads the next value as a <c>Vec</c> whose items are read by <paramref name="item"/> (reader on the item's first token).</summary>
    public static List<T> ReadList<T>(JsonReader reader, string field, Func<JsonReader, T> item)
    {
        WireRead.Next(reader);
        if (reader.TokenType != JsonToken.StartArray)
        {
            throw WireRead.TypeError(reader, field, "an array");
        }

        var list = new List<T>();
        while (true)
        {
            WireRead.Next(reader);
            if (reader.TokenType == JsonToken.EndArray)
            {
                return list;
            }

            list.Add(item(reader));
        }
    }

    /// <summary>A <c>Vec&lt;serde_json::Value&gt;</c>, kept raw.</summary>
    public static List<JToken> ReadValues(JsonReader reader, string field) =>
        ReadList(reader, field, WireRead.ValueHere);

    public static void WriteValues(JsonWriter writer, string field, IReadOnlyList<JToken> values)
    {
        writer.WritePropertyName(field);
        writer.WriteStartArray();
        foreach (var value in values)
        {
            SerdeValue.Write(writer, value);
        }

        writer.WriteEndArray();
    }

    public static void WriteValue(JsonWriter writer, string field, JToken value)
    {
        writer.WritePropertyName(field);
        SerdeValue.Write(writer, value);
    }

    public static ScopeRule ReadScopeRule(JsonReader reader)
    {
        ExpectObject(reader, "scope rule");
        string? target = null;
        Permission? permission = null;
        var recursive = true;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "target": target = WireRead.String(reader, name); break;
                case "permission": permission = WireRead.Enum(reader, WireEnums.Permission, name); break;
                case "recursive": recursive = WireRead.Bool(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new ScopeRule(target ?? throw WireRead.Missing("target"), permission ?? throw WireRead.Missing("permission"),
            recursive);
    }

    public static void Write(JsonWriter writer, ScopeRule rule)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "target", rule.Target);
        WireWrite.Field(writer, "permission", WireEnums.Permission.ToWire(rule.Permission));
        WireWrite.Field(writer, "recursive", rule.Recursive);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The name field says the dialect: <c>pod_name</c> or <c>worker_name</c>, whichever <paramref name="dialect"/> has
    /// (null: either; should a greeting carry both, the first decides and the other is skipped like any unknown field,
    /// as that dialect's serde would).
    /// </summary>
    public static Greeting ReadGreeting(JsonReader reader, Dialect? dialect)
    {
        WireRead.StartObject(reader, "greeting");
        string? podName = null, cwd = null, provider = null, model = null, scopeSummary = null;
        List<string>? tools = null;
        long contextWindow = 0, contextTokens = 0;
        var spoken = dialect;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "pod_name" when spoken != Dialect.Worker:
                    podName = WireRead.String(reader, name);
                    spoken = Dialect.Pod;
                    break;
                case "worker_name" when spoken != Dialect.Pod:
                    podName = WireRead.String(reader, name);
                    spoken = Dialect.Worker;
                    break;
                case "cwd": cwd = WireRead.String(reader, name); break;
                case "provider": provider = WireRead.String(reader, name); break;
                case "model": model = WireRead.String(reader, name); break;
                case "scope_summary": scopeSummary = WireRead.String(reader, name); break;
                case "tools": tools = ReadList(reader, name, static r => ExpectString(r, "tools")); break;
                case "context_window": contextWindow = WireRead.Unsigned(reader, name); break;
                case "context_tokens": contextTokens = WireRead.Unsigned(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new Greeting(podName ?? throw WireRead.Missing(NameField(spoken)), cwd ?? throw WireRead.Missing("cwd"),
            provider ?? throw WireRead.Missing("provider"), model ?? throw WireRead.Missing("model"),
            scopeSummary ?? throw WireRead.Missing("scope_summary"), tools ?? throw WireRead.Missing("tools"),
            contextWindow, contextTokens, spoken ?? Dialect.Pod);
    }

    public static void Write(JsonWriter writer, Greeting greeting)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, NameField(greeting.Dialect), greeting.PodName);
        WireWrite.Field(writer, "cwd", greeting.Cwd);
        WireWrite.Field(writer, "provider", greeting.Provider);
        WireWrite.Field(writer, "model", greeting.Model);
        WireWrite.Field(writer, "scope_summary", greeting.ScopeSummary);
        writer.WritePropertyName("tools");
        writer.WriteStartArray();
        foreach (var tool in greeting.Tools)
        {
            writer.WriteValue(tool);
        }

        writer.WriteEndArray();
        WireWrite.Field(writer, "context_window", greeting.ContextWindow);
        WireWrite.Field(writer, "context_tokens", greeting.ContextTokens);
        writer.WriteEndObject();
    }

    /// <summary>Reads the fields of an <see cref="Alert"/> (reader on its <c>{</c>).</summary>
    public static Alert ReadAlert(JsonReader reader)
    {
        AlertLevel? level = null;
        AlertSource? source = null;
        string? message = null;
        long? timestamp = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "level": level = WireRead.Enum(reader, WireEnums.AlertLevel, name); break;
                case "source": source = WireRead.Enum(reader, WireEnums.AlertSource, name); break;
                case "message": message = WireRead.String(reader, name); break;
                case "timestamp_ms": timestamp = WireRead.Signed(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new Alert(level ?? throw WireRead.Missing("level"), source ?? throw WireRead.Missing("source"),
            message ?? throw WireRead.Missing("message"), timestamp ?? throw WireRead.Missing("timestamp_ms"));
    }

    public static void Write(JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "level", WireEnums.AlertLevel.ToWire(alert.Level));
        WireWrite.Field(writer, "source", WireEnums.AlertSource.ToWire(alert.Source));
        WireWrite.Field(writer, "message", alert.Message);
        WireWrite.Field(writer, "timestamp_ms", alert.TimestampMs);
        writer.WriteEndObject();
    }

    /// <summary>Reads the fields of a <see cref="MemoryWorkerUpdate"/> (reader on its <c>{</c>).</summary>
    public static MemoryWorkerUpdate ReadMemoryWorker(JsonReader reader)
    {
        string? worker = null, status = null, runId = null, trigger = null, reason = null, message = null;
        long? timestamp = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "worker": worker = WireRead.String(reader, name); break;
                case "status": status = WireRead.String(reader, name); break;
                case "run_id": runId = WireRead.String(reader, name); break;
                case "trigger": trigger = WireRead.String(reader, name); break;
                case "reason": reason = WireRead.String(reader, name); break;
                case "message": message = WireRead.String(reader, name); break;
                case "timestamp_ms": timestamp = WireRead.Signed(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new MemoryWorkerUpdate(worker ?? throw WireRead.Missing("worker"), status ?? throw WireRead.Missing("status"),
            runId ?? throw WireRead.Missing("run_id"), trigger ?? throw WireRead.Missing("trigger"),
            reason ?? throw WireRead.Missing("reason"), message ?? throw WireRead.Missing("message"),
            timestamp ?? throw WireRead.Missing("timestamp_ms"));
    }

    public static void Write(JsonWriter writer, MemoryWorkerUpdate update)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "worker", update.Worker);
        WireWrite.Field(writer, "status", update.Status);
        WireWrite.Field(writer, "run_id", update.RunId);
        WireWrite.Field(writer, "trigger", update.Trigger);
        WireWrite.Field(writer, "reason", update.Reason);
        WireWrite.Field(writer, "message", update.Message);
        WireWrite.Field(writer, "timestamp_ms", update.TimestampMs);
        writer.WriteEndObject();
    }

    public static CompletionEntry ReadCompletionEntry(JsonReader reader)
    {
        ExpectObject(reader, "completion entry");
        string? value = null;
        var isDir = false;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "value": value = WireRead.String(reader, name); break;
                case "is_dir": isDir = WireRead.Bool(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new CompletionEntry(value ?? throw WireRead.Missing("value"), isDir);
    }

    public static void Write(JsonWriter writer, CompletionEntry entry)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "value", entry.Value);
        WireWrite.Field(writer, "is_dir", entry.IsDir);
        writer.WriteEndObject();
    }

    public static RewindTargetId ReadRewindTargetId(JsonReader reader, string field)
    {
        WireRead.StartObject(reader, field);
        Guid? segmentId = null;
        long? index = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "segment_id": segmentId = WireRead.Uuid(reader, name); break;
                case "user_input_entry_index": index = WireRead.Unsigned(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new RewindTargetId(segmentId ?? throw WireRead.Missing("segment_id"),
            index ?? throw WireRead.Missing("user_input_entry_index"));
    }

    public static void Write(JsonWriter writer, string field, RewindTargetId id)
    {
        writer.WritePropertyName(field);
        writer.WriteStartObject();
        WireWrite.Field(writer, "segment_id", WireUuid.Format(id.SegmentId));
        WireWrite.Field(writer, "user_input_entry_index", id.UserInputEntryIndex);
        writer.WriteEndObject();
    }

    public static RewindTarget ReadRewindTarget(JsonReader reader)
    {
        ExpectObject(reader, "rewind target");
        RewindTargetId? id = null;
        long? expectedHead = null, truncate = null, turnIndex = null, timestamp = null;
        string? preview = null, disabledReason = null, warning = null;
        bool? eligible = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "id": id = ReadRewindTargetId(reader, name); break;
                case "expected_head_entries": expectedHead = WireRead.Unsigned(reader, name); break;
                case "truncate_entries": truncate = WireRead.Unsigned(reader, name); break;
                case "turn_index": turnIndex = WireRead.Unsigned(reader, name); break;
                case "timestamp_ms": timestamp = WireRead.OptionalUnsigned(reader, name); break;
                case "preview": preview = WireRead.String(reader, name); break;
                case "eligible": eligible = WireRead.Bool(reader, name); break;
                case "disabled_reason": disabledReason = WireRead.OptionalString(reader, name); break;
                case "warning": warning = WireRead.OptionalString(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new RewindTarget(id ?? throw WireRead.Missing("id"),
            expectedHead ?? throw WireRead.Missing("expected_head_entries"),
            truncate ?? throw WireRead.Missing("truncate_entries"), turnIndex ?? throw WireRead.Missing("turn_index"),
            timestamp, preview ?? throw WireRead.Missing("preview"), eligible ?? throw WireRead.Missing("eligible"),
            disabledReason, warning);
    }

    public static void Write(JsonWriter writer, RewindTarget target)
    {
        writer.WriteStartObject();
        Write(writer, "id", target.Id);
        WireWrite.Field(writer, "expected_head_entries", target.ExpectedHeadEntries);
        WireWrite.Field(writer, "truncate_entries", target.TruncateEntries);
        WireWrite.Field(writer, "turn_index", target.TurnIndex);
        WireWrite.NullableField(writer, "timestamp_ms", target.TimestampMs);
        WireWrite.Field(writer, "preview", target.Preview);
        WireWrite.Field(writer, "eligible", target.Eligible);
        if (target.DisabledReason is { } reason)
        {
            WireWrite.Field(writer, "disabled_reason", reason);
        }

        if (target.Warning is { } warning)
        {
            WireWrite.Field(writer, "warning", warning);
        }

        writer.WriteEndObject();
    }

    public static RewindSummary ReadRewindSummary(JsonReader reader, string field)
    {
        WireRead.StartObject(reader, field);
        long? truncatedTo = null, discarded = null;
        bool? warning = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "truncated_to_entries": truncatedTo = WireRead.Unsigned(reader, name); break;
                case "discarded_entries": discarded = WireRead.Unsigned(reader, name); break;
                case "tool_side_effect_warning": warning = WireRead.Bool(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new RewindSummary(truncatedTo ?? throw WireRead.Missing("truncated_to_entries"),
            discarded ?? throw WireRead.Missing("discarded_entries"),
            warning ?? throw WireRead.Missing("tool_side_effect_warning"));
    }

    public static void Write(JsonWriter writer, string field, RewindSummary summary)
    {
        writer.WritePropertyName(field);
        writer.WriteStartObject();
        WireWrite.Field(writer, "truncated_to_entries", summary.TruncatedToEntries);
        WireWrite.Field(writer, "discarded_entries", summary.DiscardedEntries);
        WireWrite.Field(writer, "tool_side_effect_warning", summary.ToolSideEffectWarning);
        writer.WriteEndObject();
    }

    public static void WriteList<T>(JsonWriter writer, string field, IReadOnlyList<T> items, Action<JsonWriter, T> item)
    {
        writer.WritePropertyName(field);
        writer.WriteStartArray();
        foreach (var value in items)
        {
            item(writer, value);
        }

        writer.WriteEndArray();
    }

    private static string NameField(Dialect? dialect) => dialect == Dialect.Worker ? "worker_name" : "pod_name";

    private static void ExpectObject(JsonReader reader, string what)
    {
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw WireRead.TypeError(reader, what, "an object");
        }
    }

    private static string ExpectString(JsonReader reader, string field) =>
        reader.TokenType == JsonToken.String ? (string)reader.Value! : throw WireRead.TypeError(reader, field, "a string");
}
