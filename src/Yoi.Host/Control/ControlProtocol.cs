using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Host.Control;

/// <summary>The control protocol's names (README, "Control protocol").</summary>
public static class ControlProtocol
{
    // requests
    public const string Fleet = "fleet";
    public const string Probe = "probe";
    public const string Send = "send";
    public const string Watch = "watch";
    public const string Subscribe = "subscribe";

    public static readonly IReadOnlyList<string> Methods = [Fleet, Probe, Send, Watch, Subscribe];

    // replies and streamed events (Fleet doubles as the reply to fleet / probe / subscribe)
    public const string Sent = "sent";
    public const string Attached = "attached";
    public const string PodEvent = "pod_event";
    public const string Undecodable = "undecodable";
    public const string Detached = "detached";
    public const string Change = "change";
    public const string Cycle = "cycle";
    public const string Error = "error";

    // error codes
    public const string InvalidRequest = "invalid_request";
    public const string UnknownPod = "unknown_pod";
    public const string AttachFailed = "attach_failed";
    public const string SendFailed = "send_failed";
    public const string Busy = "busy";
    public const string Timeout = "timeout";
    public const string Internal = "internal";

    /// <summary>Parses a request line; on failure returns null and the reason (for an <c>invalid_request</c> reply).</summary>
    public static ControlRequest? TryParse(string line, out string? error, out JToken? id)
    {
        id = null;
        JObject o;
        try
        {
            o = ControlJson.ParseObject(line);
        }
        catch (JsonException e)
        {
            error = $"not a JSON object: {e.Message}";
            return null;
        }

        id = o["id"];
        if (o["method"] is not JValue { Type: JTokenType.String } m)
        {
            error = "missing \"method\" (a string)";
            return null;
        }

        var method = (string)m!;
        if (!Methods.Contains(method))
        {
            error = $"unknown method \"{method}\", expected one of {string.Join(", ", Methods)}";
            return null;
        }

        var p = o["params"];
        if (p is not null && p.Type != JTokenType.Null && p is not JObject)
        {
            error = "\"params\" must be an object";
            return null;
        }

        error = null;
        return new ControlRequest(method, p as JObject ?? [], id);
    }

    public static string ErrorLine(string code, string message, JToken? id = null) =>
        ControlJson.EventLine(Error, new JObject { ["code"] = code, ["message"] = message }, id);
}
