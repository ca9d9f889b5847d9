using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Simulation;

/// <summary>
/// A decoded client method. Parsed with Newtonsoft <see cref="JToken"/> rather than our own MethodCodec, so the
/// simulator is an independent peer. Follows the serde rules of the real pod closely enough for tests:
/// unit variants take no <c>params</c> (or <c>null</c>), the others need an object.
/// </summary>
internal sealed record SimMethod(string Name, JObject? Params)
{
    // Both generations' names (list_pods / list_workers, …): the engine refuses the other generation's.
    private static readonly string[] UnitMethods = ["resume", "cancel", "pause", "compact", "list_rewind_targets", "shutdown", "list_pods", "list_workers"];

    private static readonly string[] AllMethods =
        ["run", "notify", "pod_event", "worker_event", "resume", "cancel", "pause", "compact", "list_rewind_targets", "rewind_to", "shutdown", "list_completions", "list_pods", "list_workers", "restore_pod", "restore_worker", "register_peer"];

    private static readonly string[] CompletionKinds = ["file", "knowledge", "workflow"];

    /// <summary>For <c>run</c>: the input segments re-serialized as a pod echoes them (unknown kinds → <c>{"kind":"unknown"}</c>).</summary>
    public string SegmentsJson { get; private init; } = "[]";

    /// <summary>All text segment contents of a <c>run</c>, joined (the simulator reacts to a few words).</summary>
    public string Text { get; private init; } = "";

    /// <summary>Null when <paramref name="line"/> is a valid method, else why not (the text after <c>invalid method: </c>).</summary>
    public static string? TryParse(string line, out SimMethod? method)
    {
        method = null;
        try
        {
            method = Parse(line);
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private static SimMethod Parse(string line)
    {
        JToken root;
        using (var reader = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None })
        {
            root = JToken.ReadFrom(reader);
            if (reader.Read())
            {
                throw new FormatException("trailing characters after the method");
            }
        }

        if (root is not JObject obj)
        {
            throw new FormatException($"expected a method object, got {root.Type}");
        }

        if (obj["method"] is not JValue { Type: JTokenType.String } nameToken)
        {
            throw new FormatException("missing field `method`");
        }

        var name = (string)nameToken!;
        if (!AllMethods.Contains(name))
        {
            throw new FormatException($"unknown variant `{name}`, expected one of {string.Join(", ", AllMethods.Select(m => $"`{m}`"))}");
        }

        var paramsToken = obj["params"];
        if (UnitMethods.Contains(name))
        {
            if (paramsToken is not null && paramsToken.Type != JTokenType.Null)
            {
                throw new FormatException($"invalid type: {paramsToken.Type}, expected unit variant `{name}` without params");
            }

            return new SimMethod(name, null);
        }

        if (paramsToken is not JObject p)
        {
            throw new FormatException($"`{name}` needs a params object");
        }

        return name switch
        {
            "run" => ParseRun(p),
            "notify" => new SimMethod(name, p) { Text = RequireString(p, "message") },
            "list_completions" => ParseCompletions(p),
            _ => new SimMethod(name, p),
        };
    }

    private static SimMethod ParseRun(JObject p)
    {
        if (p["input"] is not JArray input)
        {
            throw new FormatException("missing field `input`");
        }

        var json = new StringBuilder("[");
        var text = new StringBuilder();
        foreach (var item in input)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            if (item is not JObject seg)
            {
                throw new FormatException("a segment must be an object");
            }

            var kind = RequireString(seg, "kind");
            switch (kind)
            {
                case "text":
                    var content = RequireString(seg, "content");
                    text.Append(content).Append(' ');
                    json.Append("{\"kind\":\"text\",\"content\":").Append(SimWire.Str(content)).Append('}');
                    break;
                case "paste":
                    json.Append("{\"kind\":\"paste\",\"id\":").Append(SimWire.Num(RequireUnsigned(seg, "id")))
                        .Append(",\"chars\":").Append(SimWire.Num(RequireUnsigned(seg, "chars")))
                        .Append(",\"lines\":").Append(SimWire.Num(RequireUnsigned(seg, "lines")))
                        .Append(",\"content\":").Append(SimWire.Str(RequireString(seg, "content"))).Append('}');
                    break;
                case "file_ref":
                    json.Append("{\"kind\":\"file_ref\",\"path\":").Append(SimWire.Str(RequireString(seg, "path"))).Append('}');
                    break;
                case "knowledge_ref":
                case "workflow_invoke":
                    json.Append("{\"kind\":\"").Append(kind).Append("\",\"slug\":").Append(SimWire.Str(RequireString(seg, "slug"))).Append('}');
                    break;
                default:
                    // serde's #[serde(other)]: any other kind decodes to Unknown and re-serializes lossily.
                    json.Append("{\"kind\":\"unknown\"}");
                    break;
            }
        }

        return new SimMethod("run", p) { SegmentsJson = json.Append(']').ToString(), Text = text.ToString() };
    }

    private static SimMethod ParseCompletions(JObject p)
    {
        var kind = RequireString(p, "kind");
        if (!CompletionKinds.Contains(kind))
        {
            throw new FormatException($"unknown variant `{kind}`, expected one of `file`, `knowledge`, `workflow`");
        }

        RequireString(p, "prefix");
        return new SimMethod("list_completions", p);
    }

    public string StringParam(string field) => (string)Params![field]!;

    private static string RequireString(JObject o, string field) =>
        o[field] is JValue { Type: JTokenType.String } v ? (string)v! : throw new FormatException($"missing or non-string field `{field}`");

    private static long RequireUnsigned(JObject o, string field) =>
        o[field] is JValue { Type: JTokenType.Integer } v && (long)v >= 0 ? (long)v : throw new FormatException($"missing or invalid integer field `{field}`");
}
