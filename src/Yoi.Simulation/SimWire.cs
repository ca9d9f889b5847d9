using System.Globalization;
using System.Text;

namespace Yoi.Simulation;

/// <summary>
/// Event lines exactly as a real pod writes them (serde_json: compact, Rust field order, sorted keys inside
/// <c>Value</c> payloads). Hand-written on purpose: the simulator must stay independent of our own codecs so
/// that it tests them instead of mirroring their bugs.
/// </summary>
internal static class SimWire
{
    public const string Garbage = "this is not json {";
    public const string FutureEvent = "{\"event\":\"future_event\",\"data\":{\"x\":1}}";
    public const string UnknownSegmentMessage = "{\"event\":\"user_message\",\"data\":{\"segments\":[{\"kind\":\"hologram\",\"uri\":\"holo://1\"}]}}";
    public const string ShutdownEvent = "{\"event\":\"shutdown\"}";
    public const string CompactStart = "{\"event\":\"compact_start\"}";

    private const string NotificationTail =
        "\n\nThis is a notification, not a blocking request. If you are in the middle of a task, continue your current work and address this at a natural stopping point.";

    /// <summary>A JSON string literal the way serde_json writes it: raw non-ASCII, short escapes, <c>\u00xx</c> lower-case.</summary>
    public static string Str(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Event(string name, string data) => "{\"event\":\"" + name + "\",\"data\":" + data + "}";

    /// <summary>The runtime layer's alert: source <c>pod</c> in June, <c>worker</c> in August (same meaning).</summary>
    public static string Alert(string podName, int index, long timestampMs, bool worker = false) =>
        Event("alert", "{\"level\":\"warn\",\"source\":\"" + (worker ? "worker" : "pod") + "\",\"message\":" + Str($"simulated alert {index} of {podName}")
            + ",\"timestamp_ms\":" + Num(timestampMs) + "}");

    public static string Snapshot(string podName, string cwd, string status, long contextTokens, bool worker = false) =>
        Event("snapshot", "{\"entries\":[],\"greeting\":{\"" + (worker ? "worker_name" : "pod_name") + "\":" + Str(podName) + ",\"cwd\":" + Str(cwd)
            + ",\"provider\":\"simulated\",\"model\":\"sim-1\",\"scope_summary\":" + Str("Writable:\n  - " + cwd)
            + ",\"tools\":[\"Read\"],\"context_window\":200000,\"context_tokens\":" + Num(contextTokens) + "},\"status\":\"" + status + "\"}");

    public static string Status(string status) => Event("status", "{\"status\":\"" + status + "\"}");

    public static string SegmentRotated(long timestampMs) =>
        Event("segment_rotated", "{\"entry\":{\"history\":[],\"kind\":\"segment_start\",\"ts\":" + Num(timestampMs) + "}}");

    public static string InvokeStart(string kind) => Event("invoke_start", "{\"kind\":\"" + kind + "\"}");

    public static string UserMessage(string segmentsJson) => Event("user_message", "{\"segments\":" + segmentsJson + "}");

    /// <summary>system_item of a notify: <c>item</c> is a serde_json Value, so its keys are sorted.</summary>
    public static string Notification(string message) =>
        Event("system_item", "{\"item\":{\"body\":" + Str("[Notification]\n" + message + NotificationTail)
            + ",\"kind\":\"notification\",\"message\":" + Str(message) + "}}");

    public static string TurnStart(int turn) => Event("turn_start", "{\"turn\":" + Num(turn) + "}");

    public static string TurnEnd(int turn, string result) => Event("turn_end", "{\"turn\":" + Num(turn) + ",\"result\":\"" + result + "\"}");

    public static string LlmCallStart(int call) => Event("llm_call_start", "{\"llm_call\":" + Num(call) + "}");

    public static string LlmCallEnd(int call) => Event("llm_call_end", "{\"llm_call\":" + Num(call) + "}");

    public static string TextDelta(string text) => Event("text_delta", "{\"text\":" + Str(text) + "}");

    public static string TextDone(string text) => Event("text_done", "{\"text\":" + Str(text) + "}");

    public static string Usage(long input, long output) =>
        Event("usage", "{\"input_tokens\":" + Num(input) + ",\"output_tokens\":" + Num(output) + "}");

    public static string ToolCallStart(string id, string name) => Event("tool_call_start", "{\"id\":" + Str(id) + ",\"name\":" + Str(name) + "}");

    public static string ToolCallArgsDelta(string id, string json) => Event("tool_call_args_delta", "{\"id\":" + Str(id) + ",\"json\":" + Str(json) + "}");

    public static string ToolCallDone(string id, string name, string arguments) =>
        Event("tool_call_done", "{\"id\":" + Str(id) + ",\"name\":" + Str(name) + ",\"arguments\":" + Str(arguments) + "}");

    public static string ToolResult(string id, string summary, string output) =>
        Event("tool_result", "{\"id\":" + Str(id) + ",\"summary\":" + Str(summary) + ",\"output\":" + Str(output) + ",\"is_error\":false}");

    public static string RunEnd(string result) => Event("run_end", "{\"result\":\"" + result + "\"}");

    public static string Error(string code, string message) => Event("error", "{\"code\":\"" + code + "\",\"message\":" + Str(message) + "}");

    public static string CompactDone(Guid segmentId) => Event("compact_done", "{\"new_segment_id\":\"" + segmentId.ToString("D") + "\"}");

    public static string Completions(string kind, IEnumerable<(string Value, bool IsDir)> entries) =>
        Event("completions", "{\"kind\":\"" + kind + "\",\"entries\":["
            + string.Join(",", entries.Select(e => "{\"value\":" + Str(e.Value) + ",\"is_dir\":" + (e.IsDir ? "true" : "false") + "}"))
            + "]}");

    public static string RewindTargetsEmpty { get; } = Event("rewind_targets", "{\"head_entries\":0,\"targets\":[]}");

    public static string PodsListedEmpty { get; } = Event("pods_listed", "{\"pods\":[]}");

    public static string WorkersListedEmpty { get; } = Event("workers_listed", "{\"workers\":[]}");

    public static byte[] Line(string json) => Encoding.UTF8.GetBytes(json + "\n");
}
