using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Yoi.Actors.Protocol;
using Yoi.Host.Output;
using JsonException = Newtonsoft.Json.JsonException;

namespace Yoi.Host.Control.Wire;

/// <summary>The control protocol's one codec, used by the server and by the CLI's client: requests and events as typed
/// records, each wire shape written once here. Writing streams UTF-8 (no intermediate objects); reading parses one
/// line at a time.</summary>
public static class ControlCodec
{
    /// <summary>How events are escaped: valid JSON, non-ASCII text raw (as the pods write it).</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    // ---------------- requests ----------------

    /// <summary>One request line, compact, no terminator.</summary>
    public static string EncodeRequest(ControlRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("method", request.Method);
            switch (request)
            {
                case FleetRequest { Cluster: true }:
                case SubscribeRequest { Cluster: true }:
                    w.WriteStartObject("params");
                    w.WriteBoolean("cluster", true);
                    w.WriteEndObject();
                    break;
                case ProbeRequest { Pod: { } pod }:
                    w.WriteStartObject("params");
                    w.WriteString("pod", pod);
                    w.WriteEndObject();
                    break;
                case SendRequest send:
                    w.WriteStartObject("params");
                    w.WriteString("pod", send.Pod);
                    w.WritePropertyName("request");
                    w.WriteRawValue(EncodeInItsDialect(send.Request), skipInputValidation: true);
                    if (send.Follow) w.WriteBoolean("follow", true);
                    w.WriteEndObject();
                    break;
                case WatchRequest watch:
                    w.WriteStartObject("params");
                    w.WriteString("pod", watch.Pod);
                    w.WriteEndObject();
                    break;
                case ProcessRequest process:
                    w.WriteStartObject("params");
                    w.WriteString("pod", process.Pod);
                    w.WriteEndObject();
                    break;
                case LogsRequest logs:
                    w.WriteStartObject("params");
                    w.WriteString("pod", logs.Pod);
                    w.WriteString("stream", logs.Stream);
                    w.WriteNumber("lines", logs.Lines);
                    if (logs.Follow) w.WriteBoolean("follow", true);
                    w.WriteEndObject();
                    break;
            }

            WriteId(w, request.Id);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses one request line. Throws <see cref="ControlRequestException"/> (code <c>invalid_request</c>, with the
    /// id when it could be read) when it is not a valid request.</summary>
    public static ControlRequest DecodeRequest(string line)
    {
        JObject o;
        try
        {
            o = ParseObject(line);
        }
        catch (JsonException e)
        {
            throw Invalid($"not a JSON object: {e.Message}", null);
        }

        var id = o["id"] is { } idToken ? idToken.ToString(Formatting.None) : null;
        if (o["method"] is not JValue { Type: JTokenType.String } m)
            throw Invalid("missing \"method\" (a string)", id);
        var method = (string)m!;
        var p = o["params"];
        if (p is not null && p.Type != JTokenType.Null && p is not JObject)
            throw Invalid("\"params\" must be an object", id);
        var parameters = p as JObject ?? [];

        ControlRequest request = method switch
        {
            ControlNames.Fleet => new FleetRequest { Cluster = OptionalBool(parameters, "cluster", method, id) },
            ControlNames.Probe => new ProbeRequest(OptionalString(parameters, "pod", method, id)),
            ControlNames.Send => DecodeSend(parameters, id),
            ControlNames.Watch => new WatchRequest(RequiredString(parameters, "pod", method, id)),
            ControlNames.Subscribe => new SubscribeRequest { Cluster = OptionalBool(parameters, "cluster", method, id) },
            ControlNames.Start or ControlNames.Stop or ControlNames.Restart => new ProcessRequest(method, RequiredString(parameters, "pod", method, id)),
            ControlNames.Logs => DecodeLogs(parameters, id),
            ControlNames.Reload => new ReloadRequest(),
            _ => throw Invalid($"unknown method \"{method}\", expected one of {string.Join(", ", ControlNames.Methods)}", id),
        };
        return request with { Id = id };
    }

    // The daemon reads either spelling and writes the pod's: a method only the worker dialect has is sent in it.
    private static string EncodeInItsDialect(Method method)
    {
        try
        {
            return MethodCodec.Encode(method, Dialect.Pod);
        }
        catch (DialectMismatchException)
        {
            return MethodCodec.Encode(method, Dialect.Worker);
        }
    }

    private static SendRequest DecodeSend(JObject parameters, string? id)
    {
        var pod = RequiredString(parameters, "pod", ControlNames.Send, id);
        if (parameters["request"] is not JObject methodObject)
            throw Invalid("send needs \"request\" (the method object, e.g. {\"method\":\"cancel\"})", id);
        var follow = parameters["follow"] switch
        {
            null or { Type: JTokenType.Null } => false,
            JValue { Type: JTokenType.Boolean } f => (bool)f,
            _ => throw Invalid("\"follow\" must be a boolean", id),
        };
        Method method;
        try
        {
            method = MethodCodec.Decode(methodObject.ToString(Formatting.None));
        }
        catch (ProtocolException e)
        {
            throw Invalid($"not a valid method: {e.Message}", id);
        }

        return new SendRequest(pod, method, follow);
    }

    private static LogsRequest DecodeLogs(JObject parameters, string? id)
    {
        var pod = RequiredString(parameters, "pod", ControlNames.Logs, id);
        var stream = OptionalString(parameters, "stream", ControlNames.Logs, id) ?? LogsRequest.Stdout;
        if (stream is not (LogsRequest.Stdout or LogsRequest.Stderr))
            throw Invalid($"logs: \"stream\" must be \"stdout\" or \"stderr\", got \"{stream}\"", id);
        var lines = parameters["lines"] switch
        {
            null or { Type: JTokenType.Null } => LogsRequest.DefaultLines,
            JValue { Type: JTokenType.Integer } n when (long)n >= 0 && (long)n <= LogsRequest.MaxLines => (int)(long)n,
            _ => throw Invalid($"logs: \"lines\" must be a whole number from 0 to {LogsRequest.MaxLines}", id),
        };
        var follow = parameters["follow"] switch
        {
            null or { Type: JTokenType.Null } => false,
            JValue { Type: JTokenType.Boolean } f => (bool)f,
            _ => throw Invalid("\"follow\" must be a boolean", id),
        };
        return new LogsRequest(pod, stream, lines, follow);
    }

    private static string RequiredString(JObject parameters, string key, string method, string? id) =>
        OptionalString(parameters, key, method, id) ?? throw Invalid($"{method} needs \"{key}\" (a string)", id);

    private static string? OptionalString(JObject parameters, string key, string method, string? id) => parameters[key] switch
    {
        null or { Type: JTokenType.Null } => null,
        JValue { Type: JTokenType.String } s => (string)s!,
        _ => throw Invalid($"{method}: \"{key}\" must be a string", id),
    };

    private static bool OptionalBool(JObject parameters, string key, string method, string? id) => parameters[key] switch
    {
        null or { Type: JTokenType.Null } => false,
        JValue { Type: JTokenType.Boolean } b => (bool)b,
        _ => throw Invalid($"{method}: \"{key}\" must be a boolean", id),
    };

    private static ControlRequestException Invalid(string message, string? id) => new(ControlNames.InvalidRequest, message, id);

    // ---------------- events ----------------

    /// <summary>Writes one event line, <c>\n</c> included, to <paramref name="output"/>. <paramref name="writer"/> is a
    /// reusable writer (reset onto <paramref name="output"/> here).</summary>
    public static void WriteEvent(Utf8JsonWriter writer, IBufferWriter<byte> output, ControlEvent e, string? id)
    {
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("event", e.Name);
        writer.WritePropertyName("data");
        WriteData(writer, e);
        WriteId(writer, id);
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n"u8);
    }

    /// <summary>One event line as a string, without the terminator (tests, one-off replies).</summary>
    public static string EncodeEvent(ControlEvent e, string? id = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        WriteEvent(writer, buffer, e, id);
        return Encoding.UTF8.GetString(buffer.WrittenSpan[..^1]);
    }

    private static void WriteData(Utf8JsonWriter w, ControlEvent e)
    {
        w.WriteStartObject();
        switch (e)
        {
            case PodLineEvent p:
                w.WriteString("pod", p.Pod);
                w.WriteString("event", p.Event);
                w.WriteString("line", p.Line);
                break;
            case FleetEvent f:
                WriteFleet(w, f.Fleet);
                break;
            case SentEvent s:
                w.WriteString("pod", s.Pod);
                w.WriteString("method", s.Method);
                break;
            case AttachedEvent a:
                w.WriteString("pod", a.Pod);
                break;
            case UndecodableEvent u:
                w.WriteString("pod", u.Pod);
                w.WriteNumber("offset", u.Offset);
                w.WriteString("reason", u.Reason);
                break;
            case DetachedEvent d:
                WriteNullableString(w, "pod", d.Pod);
                w.WriteString("reason", d.Reason);
                if (d.Detail is { } detail) w.WriteString("detail", detail);
                break;
            case ChangeEvent c:
                w.WriteString("pod", c.Pod);
                w.WriteString("kind", c.Kind);
                if (c.PodState is { } state)
                {
                    w.WritePropertyName("pod_state");
                    w.WriteStartObject();
                    WritePod(w, state);
                    w.WriteEndObject();
                }

                if (c.Kind is ChangeKinds.StatusChanged or ChangeKinds.ProcessState)
                {
                    WriteNullableString(w, "from", c.From);
                    WriteNullableString(w, "to", c.To);
                }

                if (c.Kind == ChangeKinds.ProcessState)
                {
                    if (c.Pid is { } pid) w.WriteNumber("pid", pid);
                    else w.WriteNull("pid");
                    WriteExit(w, "exit", c.Exit);
                    WriteNullableString(w, "reason", c.Reason);
                }

                if (c.Reachable is { } reachable) w.WriteBoolean("reachable", reachable);
                if (c.Outcome is { } outcome) w.WriteString("outcome", outcome);
                break;
            case ErrorReply err:
                w.WriteString("code", err.Code);
                w.WriteString("message", err.Message);
                break;
            case DoneEvent done:
                w.WriteString("pod", done.Pod);
                w.WriteString("action", done.Action);
                WriteManaged(w, done.Managed);
                break;
            case LogsEvent logs:
                w.WriteString("pod", logs.Pod);
                w.WriteString("stream", logs.Stream);
                w.WriteString("path", logs.Path);
                break;
            case LogLineEvent line:
                w.WriteString("pod", line.Pod);
                w.WriteString("stream", line.Stream);
                w.WriteString("line", line.Line);
                break;
            case ReloadedEvent reloaded:
                w.WriteString("file", reloaded.File);
                WriteNames(w, "added", reloaded.Added);
                WriteNames(w, "removed", reloaded.Removed);
                WriteNames(w, "changed", reloaded.Changed);
                w.WriteNumber("unchanged", reloaded.Unchanged);
                break;
            default:
                throw new ArgumentException($"no wire shape for {e.GetType().Name}", nameof(e));
        }

        w.WriteEndObject();
    }

    private static void WriteFleet(Utf8JsonWriter w, FleetReport report)
    {
        w.WriteString("at", FleetJson.FormatTime(report.At));
        w.WriteStartArray("pods");
        foreach (var pod in report.Pods)
        {
            w.WriteStartObject();
            WritePod(w, pod);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("supervisor");
        w.WriteNumber("open_fds", report.Supervisor.OpenFds);
        w.WriteNumber("open_connections", report.Supervisor.OpenConnections);
        w.WriteNumber("cycles", report.Supervisor.Cycles);
        w.WriteNumber("pid", report.Supervisor.Pid);
        w.WriteEndObject();
        WriteNullableString(w, "registry_error", report.RegistryError);
    }

    /// <summary>The pod fields of design §4's <c>status --json</c> object, which the control protocol's pod object
    /// begins with too.</summary>
    public static void WriteStatusFields(Utf8JsonWriter w, PodReport pod)
    {
        w.WriteString("name", pod.Name);
        w.WriteString("socket", pod.Socket);
        w.WriteNumber("pid", pod.Pid);
        WriteNullableString(w, "outcome", pod.Outcome);
        w.WriteBoolean("reachable", pod.Reachable);
        WriteNullableString(w, "status", pod.Status);
        if (pod.LatencyMs is { } latency) w.WriteNumber("latency_ms", latency);
        else w.WriteNull("latency_ms");
        WriteNullableString(w, "detail", pod.Detail);
    }

    private static void WritePod(Utf8JsonWriter w, PodReport pod)
    {
        WriteStatusFields(w, pod);
        w.WriteBoolean("healthy", pod.Healthy);
        w.WriteNumber("consecutive_failures", pod.ConsecutiveFailures);
        WriteNullableString(w, "last_change", pod.LastChange is { } lc ? FleetJson.FormatTime(lc) : null);
        w.WriteNumber("probes", pod.Probes);
        w.WriteNumber("overruns", pod.Overruns);
        w.WriteStartArray("recent_latencies_ms");
        foreach (var l in pod.RecentLatenciesMs) w.WriteNumberValue(l);
        w.WriteEndArray();
        w.WriteString("dialect", pod.Dialect);
        WriteNullableString(w, "greeted_dialect", pod.GreetedDialect);
        w.WriteBoolean("name_in_both_files", pod.NameInBothFiles);
        if (pod.Managed is { } managed) WriteManaged(w, managed);
        else w.WriteNull("managed");
        WriteClusterFields(w, pod);
    }

    /// <summary>A cluster row's owner and, for a node gone out of reach, when it was last seen (absent otherwise).</summary>
    public static void WriteClusterFields(Utf8JsonWriter w, PodReport pod)
    {
        if (pod.Node is { } node) w.WriteString("node", node);
        if (pod.LastSeen is { } seen) w.WriteString("last_seen", FleetJson.FormatTime(seen));
    }

    /// <summary>The <c>managed</c> object of a managed pod's row (fleet, <c>status --json</c>, <c>done</c>).</summary>
    public static void WriteManaged(Utf8JsonWriter w, ManagedReport m)
    {
        w.WriteStartObject("managed");
        w.WriteString("state", m.State);
        if (m.Pid is { } pid) w.WriteNumber("pid", pid);
        else w.WriteNull("pid");
        w.WriteNumber("restarts", m.Restarts);
        if (m.UptimeS is { } up) w.WriteNumber("uptime_s", up);
        else w.WriteNull("uptime_s");
        WriteExit(w, "last_exit", m.LastExit);
        WriteNullableString(w, "next_start_at", m.NextStartAt is { } next ? FleetJson.FormatTime(next) : null);
        WriteNullableString(w, "reason", m.Reason);
        if (m.Adopted) w.WriteBoolean("adopted", true);
        w.WriteEndObject();
    }

    private static void WriteExit(Utf8JsonWriter w, string name, ExitReport? exit)
    {
        if (exit is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        if (exit.Code is { } code) w.WriteNumber("code", code);
        else w.WriteNull("code");
        if (exit.Signal is { } signal) w.WriteNumber("signal", signal);
        else w.WriteNull("signal");
        w.WriteString("at", FleetJson.FormatTime(exit.At));
        w.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter w, string name, IReadOnlyList<string> names)
    {
        w.WriteStartArray(name);
        foreach (var n in names) w.WriteStringValue(n);
        w.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void WriteId(Utf8JsonWriter w, string? id)
    {
        if (id is null) return;
        w.WritePropertyName("id");
        w.WriteRawValue(id, skipInputValidation: true);
    }

    private static readonly JsonDocumentOptions EventDocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses one line from the supervisor. Throws <see cref="FormatException"/> when it is not a control event.</summary>
    /// <remarks>Read with System.Text.Json (the writer's library), not Newtonsoft: the CLI's client then loads no second
    /// JSON stack on its way to the first reply, which measurably shortens a short command's start.</remarks>
    public static ControlMessage DecodeEvent(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, EventDocumentOptions);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"an unreadable line: {e.Message}", e);
        }

        using (document)
        {
            var o = document.RootElement;
            if (o.ValueKind != JsonValueKind.Object)
                throw new FormatException($"an unreadable line: expected a JSON object, got {o.ValueKind.ToString().ToLowerInvariant()}");
            var id = o.TryGetProperty("id", out var idElement) ? Compact(idElement) : null;
            var name = o.TryGetProperty("event", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : throw new FormatException("a line without \"event\"");
            var d = o.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : default;
            ControlEvent? e;
            try
            {
                e = name switch
                {
                    ControlNames.PodEvent => new PodLineEvent(Str(d, "pod"), Str(d, "event"), Str(d, "line")),
                    ControlNames.Fleet => new FleetEvent(ReadFleet(d)),
                    ControlNames.Cycle => new FleetEvent(ReadFleet(d), Cycle: true),
                    ControlNames.Sent => new SentEvent(Str(d, "pod"), Str(d, "method")),
                    ControlNames.Attached => new AttachedEvent(Str(d, "pod")),
                    ControlNames.Undecodable => new UndecodableEvent(Str(d, "pod"), OptLong(d, "offset") ?? 0, Str(d, "reason")),
                    ControlNames.Detached => new DetachedEvent(OptStr(d, "pod"), Str(d, "reason"), OptStr(d, "detail")),
                    ControlNames.Change => new ChangeEvent(
                        Str(d, "kind"), Str(d, "pod"),
                        Member(d, "pod_state") is { ValueKind: JsonValueKind.Object } ps ? ReadPod(ps) : null,
                        OptStr(d, "from"), OptStr(d, "to"), OptBool(d, "reachable"), OptStr(d, "outcome"),
                        OptInt(d, "pid"), ReadExit(Member(d, "exit")), OptStr(d, "reason")),
                    ControlNames.Done => new DoneEvent(Str(d, "pod"), Str(d, "action"),
                        ReadManaged(Member(d, "managed")) ?? throw new FormatException("\"managed\" missing")),
                    ControlNames.Logs => new LogsEvent(Str(d, "pod"), Str(d, "stream"), Str(d, "path")),
                    ControlNames.LogLine => new LogLineEvent(Str(d, "pod"), Str(d, "stream"), Str(d, "line")),
                    ControlNames.Reloaded => new ReloadedEvent(Str(d, "file"), Names(d, "added"), Names(d, "removed"), Names(d, "changed"), OptInt(d, "unchanged") ?? 0),
                    ControlNames.Error => new ErrorReply(OptStr(d, "code") ?? "error", OptStr(d, "message") ?? "the supervisor refused the request"),
                    _ => null,
                };
            }
            catch (FormatException malformed)
            {
                throw new FormatException($"a malformed \"{name}\" line: {malformed.Message}", malformed);
            }

            return new ControlMessage(e ?? throw new FormatException($"an unknown event \"{name}\""), id);
        }
    }

    private static string Compact(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            value.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The member, or an undefined element when it is absent (or <paramref name="o"/> is not an object).</summary>
    private static JsonElement Member(JsonElement o, string key) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(key, out var value) ? value : default;

    private static string Str(JsonElement o, string key) =>
        OptStr(o, key) ?? throw new FormatException($"\"{key}\" missing or not a string");

    private static string? OptStr(JsonElement o, string key) => Member(o, key) switch
    {
        { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        _ => throw new FormatException($"\"{key}\" is not a string"),
    };

    private static long? OptLong(JsonElement o, string key) => Member(o, key) switch
    {
        { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var l) => l,
        _ => throw new FormatException($"\"{key}\" is not an integer"),
    };

    private static int? OptInt(JsonElement o, string key) => OptLong(o, key) is { } l
        ? l is >= int.MinValue and <= int.MaxValue ? (int)l : throw new FormatException($"\"{key}\" is out of range")
        : null;

    private static double? OptDouble(JsonElement o, string key) => Member(o, key) switch
    {
        { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Number } v => v.GetDouble(),
        _ => throw new FormatException($"\"{key}\" is not a number"),
    };

    private static bool? OptBool(JsonElement o, string key) => Member(o, key) switch
    {
        { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new FormatException($"\"{key}\" is not a boolean"),
    };

    private static FleetReport ReadFleet(JsonElement data)
    {
        var supervisor = Member(data, "supervisor");
        if (supervisor.ValueKind != JsonValueKind.Object) throw new FormatException("\"supervisor\" missing: not a fleet object");
        var pods = new List<PodReport>();
        if (Member(data, "pods") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var pod in array.EnumerateArray())
            {
                if (pod.ValueKind == JsonValueKind.Object) pods.Add(ReadPod(pod));
            }
        }

        return new FleetReport(
            ParseTime(OptStr(data, "at")) ?? DateTimeOffset.UtcNow,
            pods,
            new SupervisorReport(
                OptInt(supervisor, "open_fds") ?? -1,
                OptInt(supervisor, "open_connections") ?? 0,
                OptLong(supervisor, "cycles") ?? 0,
                OptInt(supervisor, "pid") ?? 0),
            OptStr(data, "registry_error"));
    }

    private static PodReport ReadPod(JsonElement p)
    {
        var latencies = new List<double>();
        if (Member(p, "recent_latencies_ms") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var l in array.EnumerateArray())
                latencies.Add(l.ValueKind == JsonValueKind.Number ? l.GetDouble() : throw new FormatException("\"recent_latencies_ms\" holds a non-number"));
        }

        return new PodReport(
            OptStr(p, "name") ?? "",
            OptStr(p, "socket") ?? "",
            OptInt(p, "pid") ?? 0,
            OptStr(p, "outcome"),
            OptBool(p, "reachable") ?? false,
            OptStr(p, "status"),
            OptDouble(p, "latency_ms"),
            OptStr(p, "detail"),
            OptBool(p, "healthy") ?? false,
            OptInt(p, "consecutive_failures") ?? 0,
            ParseTime(OptStr(p, "last_change")),
            OptLong(p, "probes") ?? 0,
            OptLong(p, "overruns") ?? 0,
            latencies)
        {
            // A daemon from before the worker dialect sends no dialect: its pods are all June pods.
            Dialect = OptStr(p, "dialect") ?? "pod",
            GreetedDialect = OptStr(p, "greeted_dialect"),
            NameInBothFiles = OptBool(p, "name_in_both_files") ?? false,
            Node = OptStr(p, "node"),
            LastSeen = ParseTime(OptStr(p, "last_seen")),
            Managed = ReadManaged(Member(p, "managed")),
        };
    }

    private static ManagedReport? ReadManaged(JsonElement m)
    {
        if (m.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        if (m.ValueKind != JsonValueKind.Object) throw new FormatException("\"managed\" is not an object");
        return new ManagedReport(
            Str(m, "state"),
            OptInt(m, "pid"),
            OptInt(m, "restarts") ?? 0,
            OptDouble(m, "uptime_s"),
            ReadExit(Member(m, "last_exit")),
            ParseTime(OptStr(m, "next_start_at")),
            OptStr(m, "reason"),
            OptBool(m, "adopted") ?? false);
    }

    private static ExitReport? ReadExit(JsonElement e)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException("an exit is not an object");
        return new ExitReport(OptInt(e, "code"), OptInt(e, "signal"), ParseTime(OptStr(e, "at")) ?? DateTimeOffset.UnixEpoch);
    }

    private static IReadOnlyList<string> Names(JsonElement o, string key)
    {
        var names = new List<string>();
        if (Member(o, key) is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var n in array.EnumerateArray())
                names.Add(n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new FormatException($"\"{key}\" holds a non-string"));
        }

        return names;
    }

    private static DateTimeOffset? ParseTime(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>Parses one JSON object; strings stay strings (no date guessing).</summary>
    private static JObject ParseObject(string line)
    {
        using var reader = new JsonTextReader(new StringReader(line))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = 64,
        };
        var token = JToken.ReadFrom(reader);
        if (reader.Read() && reader.TokenType != JsonToken.Comment)
            throw new JsonReaderException("unexpected content after the JSON value");
        return token as JObject ?? throw new JsonReaderException($"expected a JSON object, got {token.Type.ToString().ToLowerInvariant()}");
    }
}
