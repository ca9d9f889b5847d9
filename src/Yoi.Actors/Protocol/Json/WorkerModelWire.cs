using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Readers and writers of the worker dialect's nested structs, each next to the other (serde derive: declaration order
/// out, any order and unknown fields in; <c>skip_serializing_if</c> fields omitted when empty or default).
/// </summary>
internal static class WorkerModelWire
{
    /// <summary><c>CommandEvent</c> (here <see cref="CommandUpdate"/>): internally tagged on <c>kind</c>.</summary>
    public static readonly InternallyTagged<CommandUpdate> CommandUpdates = new("command event", "kind", new WireTable<CommandUpdate>(
        WireVariant<CommandUpdate>.Of<CommandStartedUpdate>(CommandStartedUpdate.WireKind, static (r, _) =>
            {
                string? commandId = null, toolCallId = null;
                long? observedAt = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "command_id": commandId = WireRead.String(r, name); break;
                        case "tool_call_id": toolCallId = WireRead.OptionalString(r, name); break;
                        case "observed_at_ms": observedAt = WireRead.Unsigned(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new CommandStartedUpdate(commandId ?? throw WireRead.Missing("command_id"), toolCallId,
                    observedAt ?? throw WireRead.Missing("observed_at_ms"));
            },
            static (w, c, _) =>
            {
                WireWrite.Field(w, "command_id", c.CommandId);
                WireWrite.NullableField(w, "tool_call_id", c.ToolCallId);
                WireWrite.Field(w, "observed_at_ms", c.ObservedAtMs);
            }),
        WireVariant<CommandUpdate>.Of<CommandOutputUpdate>(CommandOutputUpdate.WireKind, static (r, _) =>
            {
                string? commandId = null, content = null;
                CommandStream? stream = null;
                long? start = null, end = null, observedAt = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "command_id": commandId = WireRead.String(r, name); break;
                        case "stream": stream = WireRead.Enum(r, WireEnums.CommandStream, name); break;
                        case "start_offset": start = WireRead.Unsigned(r, name); break;
                        case "end_offset": end = WireRead.Unsigned(r, name); break;
                        case "content": content = WireRead.String(r, name); break;
                        case "observed_at_ms": observedAt = WireRead.Unsigned(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new CommandOutputUpdate(commandId ?? throw WireRead.Missing("command_id"),
                    stream ?? throw WireRead.Missing("stream"), start ?? throw WireRead.Missing("start_offset"),
                    end ?? throw WireRead.Missing("end_offset"), content ?? throw WireRead.Missing("content"),
                    observedAt ?? throw WireRead.Missing("observed_at_ms"));
            },
            static (w, c, _) =>
            {
                WireWrite.Field(w, "command_id", c.CommandId);
                WireWrite.Field(w, "stream", WireEnums.CommandStream.ToWire(c.Stream));
                WireWrite.Field(w, "start_offset", c.StartOffset);
                WireWrite.Field(w, "end_offset", c.EndOffset);
                WireWrite.Field(w, "content", c.Content);
                WireWrite.Field(w, "observed_at_ms", c.ObservedAtMs);
            }),
        WireVariant<CommandUpdate>.Of<CommandTerminalUpdate>(CommandTerminalUpdate.WireKind, static (r, _) =>
            {
                string? commandId = null;
                CommandStatus? status = null;
                long? exitCode = null, stdoutEnd = null, stderrEnd = null, observedAt = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "command_id": commandId = WireRead.String(r, name); break;
                        case "status": status = WireRead.Enum(r, WireEnums.CommandStatus, name); break;
                        case "exit_code": exitCode = OptionalI32(r, name); break;
                        case "stdout_end_offset": stdoutEnd = WireRead.Unsigned(r, name); break;
                        case "stderr_end_offset": stderrEnd = WireRead.Unsigned(r, name); break;
                        case "observed_at_ms": observedAt = WireRead.Unsigned(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new CommandTerminalUpdate(commandId ?? throw WireRead.Missing("command_id"),
                    status ?? throw WireRead.Missing("status"), exitCode,
                    stdoutEnd ?? throw WireRead.Missing("stdout_end_offset"),
                    stderrEnd ?? throw WireRead.Missing("stderr_end_offset"),
                    observedAt ?? throw WireRead.Missing("observed_at_ms"));
            },
            static (w, c, _) =>
            {
                WireWrite.Field(w, "command_id", c.CommandId);
                WireWrite.Field(w, "status", WireEnums.CommandStatus.ToWire(c.Status));
                WireWrite.NullableField(w, "exit_code", c.ExitCode);
                WireWrite.Field(w, "stdout_end_offset", c.StdoutEndOffset);
                WireWrite.Field(w, "stderr_end_offset", c.StderrEndOffset);
                WireWrite.Field(w, "observed_at_ms", c.ObservedAtMs);
            })));

    /// <summary><c>InFlightBlock</c>: internally tagged on <c>kind</c>.</summary>
    public static readonly InternallyTagged<InFlightBlock> Blocks = new("in-flight block", "kind", new WireTable<InFlightBlock>(
        WireVariant<InFlightBlock>.Of<TextInFlightBlock>(TextInFlightBlock.WireKind,
            static (r, _) =>
            {
                var (text, finished) = ReadTextBlock(r);
                return new TextInFlightBlock(text, finished);
            },
            static (w, b, _) => WriteTextBlock(w, b.Text, b.Finished)),
        WireVariant<InFlightBlock>.Of<ThinkingInFlightBlock>(ThinkingInFlightBlock.WireKind,
            static (r, _) =>
            {
                var (text, finished) = ReadTextBlock(r);
                return new ThinkingInFlightBlock(text, finished);
            },
            static (w, b, _) => WriteTextBlock(w, b.Text, b.Finished)),
        WireVariant<InFlightBlock>.Of<ToolCallInFlightBlock>(ToolCallInFlightBlock.WireKind, static (r, _) =>
            {
                string? id = null, toolName = null, args = null;
                var state = InFlightToolCallState.Pending;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "id": id = WireRead.String(r, name); break;
                        case "name": toolName = WireRead.String(r, name); break;
                        case "args": args = WireRead.String(r, name); break;
                        case "state": state = WireRead.Enum(r, WireEnums.InFlightToolCallState, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new ToolCallInFlightBlock(id ?? throw WireRead.Missing("id"), toolName ?? throw WireRead.Missing("name"),
                    args ?? throw WireRead.Missing("args"), state);
            },
            static (w, b, _) =>
            {
                WireWrite.Field(w, "id", b.Id);
                WireWrite.Field(w, "name", b.ToolName);
                WireWrite.Field(w, "args", b.Args);
                if (b.State != InFlightToolCallState.Pending)
                    WireWrite.Field(w, "state", WireEnums.InFlightToolCallState.ToWire(b.State));
            })));

    /// <summary><c>InFlightSnapshot</c>; an empty one (absent, <c>{}</c> or two empty lists) is null.</summary>
    public static InFlightSnapshot? ReadInFlight(JsonReader reader, string field)
    {
        WireRead.StartObject(reader, field);
        List<InFlightBlock>? blocks = null;
        List<CommandSnapshot>? commands = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "blocks": blocks = Blocks.ReadList(reader, name, Dialect.Worker); break;
                case "commands": commands = ModelWire.ReadList(reader, name, ReadCommandSnapshot); break;
                default: WireRead.Skip(reader); break;
            }
        }

        var snapshot = new InFlightSnapshot(blocks ?? [], commands ?? []);
        return snapshot.IsEmpty ? null : snapshot;
    }

    public static void WriteInFlight(JsonWriter writer, InFlightSnapshot? inFlight)
    {
        if (inFlight is null || inFlight.IsEmpty)
            return;
        writer.WritePropertyName("in_flight");
        writer.WriteStartObject();
        if (inFlight.Blocks.Count > 0)
            Blocks.WriteList(writer, "blocks", inFlight.Blocks, Dialect.Worker);
        if (inFlight.Commands.Count > 0)
            ModelWire.WriteList(writer, "commands", inFlight.Commands, WriteCommandSnapshot);
        writer.WriteEndObject();
    }

    /// <summary><c>Vec&lt;InternalWorkerSnapshot&gt;</c>; an empty one is null.</summary>
    public static List<InternalWorkerSnapshot>? ReadInternalWorkers(JsonReader reader, string field)
    {
        var list = ModelWire.ReadList(reader, field, ReadInternalWorkerSnapshot);
        return list.Count > 0 ? list : null;
    }

    public static void WriteInternalWorkers(JsonWriter writer, IReadOnlyList<InternalWorkerSnapshot>? workers)
    {
        if (workers is { Count: > 0 })
            ModelWire.WriteList(writer, "internal_workers", workers, WriteInternalWorkerSnapshot);
    }

    public static InternalWorkerRef ReadInternalWorkerRef(JsonReader reader, string field)
    {
        WireRead.StartObject(reader, field);
        string? sessionId = null, name = null, parent = null;
        InternalWorkerKind? kind = null;
        while (WireRead.NextProperty(reader, out var key))
        {
            switch (key)
            {
                case "session_id": sessionId = WireRead.String(reader, key); break;
                case "name": name = WireRead.String(reader, key); break;
                case "parent_session_id": parent = WireRead.OptionalString(reader, key); break;
                case "kind": kind = WireRead.Enum(reader, WireEnums.InternalWorkerKind, key); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new InternalWorkerRef(sessionId ?? throw WireRead.Missing("session_id"), name ?? throw WireRead.Missing("name"),
            parent, kind ?? throw WireRead.Missing("kind"));
    }

    public static void Write(JsonWriter writer, InternalWorkerRef worker)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "session_id", worker.SessionId);
        WireWrite.Field(writer, "name", worker.Name);
        WireWrite.OptionalField(writer, "parent_session_id", worker.ParentSessionId);
        WireWrite.Field(writer, "kind", WireEnums.InternalWorkerKind.ToWire(worker.Kind));
        writer.WriteEndObject();
    }

    private static InternalWorkerSnapshot ReadInternalWorkerSnapshot(JsonReader reader)
    {
        if (reader.TokenType != JsonToken.StartObject)
            throw WireRead.TypeError(reader, "internal worker", "an object");
        InternalWorkerRef? worker = null;
        long? revision = null;
        List<JToken>? entries = null;
        var status = PodStatus.Idle;
        string? error = null;
        InFlightSnapshot? inFlight = null;
        List<InternalWorkerSnapshot>? children = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "worker": worker = ReadInternalWorkerRef(reader, name); break;
                case "revision": revision = WireRead.Unsigned(reader, name); break;
                case "entries": entries = ModelWire.ReadValues(reader, name); break;
                case "status": status = WireRead.Enum(reader, WireEnums.PodStatus, name); break;
                case "error": error = WireRead.OptionalString(reader, name); break;
                case "in_flight": inFlight = ReadInFlight(reader, name); break;
                case "internal_workers": children = ReadInternalWorkers(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new InternalWorkerSnapshot(worker ?? throw WireRead.Missing("worker"), revision ?? throw WireRead.Missing("revision"),
            entries ?? throw WireRead.Missing("entries"), status, error, inFlight, children);
    }

    private static void WriteInternalWorkerSnapshot(JsonWriter writer, InternalWorkerSnapshot snapshot)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("worker");
        Write(writer, snapshot.Worker);
        WireWrite.Field(writer, "revision", snapshot.Revision);
        ModelWire.WriteValues(writer, "entries", snapshot.Entries);
        WireWrite.Field(writer, "status", WireEnums.PodStatus.ToWire(snapshot.Status));
        WireWrite.OptionalField(writer, "error", snapshot.Error);
        WriteInFlight(writer, snapshot.InFlight);
        WriteInternalWorkers(writer, snapshot.InternalWorkers);
        writer.WriteEndObject();
    }

    private static CommandSnapshot ReadCommandSnapshot(JsonReader reader)
    {
        if (reader.TokenType != JsonToken.StartObject)
            throw WireRead.TypeError(reader, "command", "an object");
        string? commandId = null, toolCallId = null;
        CommandStatus? status = null;
        long? startedAt = null, observedAt = null, lastOutputAt = null, exitCode = null;
        CommandStreamSlice? stdout = null, stderr = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "command_id": commandId = WireRead.String(reader, name); break;
                case "tool_call_id": toolCallId = WireRead.OptionalString(reader, name); break;
                case "status": status = WireRead.Enum(reader, WireEnums.CommandStatus, name); break;
                case "started_at_ms": startedAt = WireRead.Unsigned(reader, name); break;
                case "observed_at_ms": observedAt = WireRead.Unsigned(reader, name); break;
                case "last_output_at_ms": lastOutputAt = WireRead.OptionalUnsigned(reader, name); break;
                case "stdout": stdout = ReadSlice(reader, name); break;
                case "stderr": stderr = ReadSlice(reader, name); break;
                case "exit_code": exitCode = OptionalI32(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new CommandSnapshot(commandId ?? throw WireRead.Missing("command_id"), toolCallId,
            status ?? throw WireRead.Missing("status"), startedAt ?? throw WireRead.Missing("started_at_ms"),
            observedAt ?? throw WireRead.Missing("observed_at_ms"), lastOutputAt, stdout ?? throw WireRead.Missing("stdout"),
            stderr ?? throw WireRead.Missing("stderr"), exitCode);
    }

    private static void WriteCommandSnapshot(JsonWriter writer, CommandSnapshot command)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "command_id", command.CommandId);
        WireWrite.NullableField(writer, "tool_call_id", command.ToolCallId);
        WireWrite.Field(writer, "status", WireEnums.CommandStatus.ToWire(command.Status));
        WireWrite.Field(writer, "started_at_ms", command.StartedAtMs);
        WireWrite.Field(writer, "observed_at_ms", command.ObservedAtMs);
        WireWrite.NullableField(writer, "last_output_at_ms", command.LastOutputAtMs);
        WriteSlice(writer, "stdout", command.Stdout);
        WriteSlice(writer, "stderr", command.Stderr);
        WireWrite.NullableField(writer, "exit_code", command.ExitCode);
        writer.WriteEndObject();
    }

    private static CommandStreamSlice ReadSlice(JsonReader reader, string field)
    {
        WireRead.StartObject(reader, field);
        long? start = null, end = null;
        string? content = null;
        bool? truncated = null;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "start_offset": start = WireRead.Unsigned(reader, name); break;
                case "end_offset": end = WireRead.Unsigned(reader, name); break;
                case "content": content = WireRead.String(reader, name); break;
                case "truncated": truncated = WireRead.Bool(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return new CommandStreamSlice(start ?? throw WireRead.Missing("start_offset"), end ?? throw WireRead.Missing("end_offset"),
            content ?? throw WireRead.Missing("content"), truncated ?? throw WireRead.Missing("truncated"));
    }

    private static void WriteSlice(JsonWriter writer, string field, CommandStreamSlice slice)
    {
        writer.WritePropertyName(field);
        writer.WriteStartObject();
        WireWrite.Field(writer, "start_offset", slice.StartOffset);
        WireWrite.Field(writer, "end_offset", slice.EndOffset);
        WireWrite.Field(writer, "content", slice.Content);
        WireWrite.Field(writer, "truncated", slice.Truncated);
        writer.WriteEndObject();
    }

    /// <summary>The fields of a text or thinking block: <c>text</c>, and <c>finished</c> (default false).</summary>
    private static (string Text, bool Finished) ReadTextBlock(JsonReader reader)
    {
        string? text = null;
        var finished = false;
        while (WireRead.NextProperty(reader, out var name))
        {
            switch (name)
            {
                case "text": text = WireRead.String(reader, name); break;
                case "finished": finished = WireRead.Bool(reader, name); break;
                default: WireRead.Skip(reader); break;
            }
        }

        return (text ?? throw WireRead.Missing("text"), finished);
    }

    private static void WriteTextBlock(JsonWriter writer, string text, bool finished)
    {
        WireWrite.Field(writer, "text", text);
        if (finished)
            WireWrite.Field(writer, "finished", true);
    }

    /// <summary>An <c>Option&lt;i32&gt;</c>: null is None.</summary>
    private static long? OptionalI32(JsonReader reader, string field)
    {
        WireRead.Next(reader);
        return reader.TokenType switch
        {
            JsonToken.Null => null,
            JsonToken.Integer when reader.Value is long value && value is >= int.MinValue and <= int.MaxValue => value,
            JsonToken.Integer => throw new ProtocolException($"field `{field}`: integer `{reader.Value}` out of range for i32"),
            _ => throw WireRead.TypeError(reader, field, "an integer or null"),
        };
    }
}
