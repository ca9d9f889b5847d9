namespace Yoi.Host.Control.Wire;

/// <summary>The control protocol's names (README, "Control protocol").</summary>
public static class ControlNames
{
    // requests
    public const string Fleet = "fleet";
    public const string Probe = "probe";
    public const string Send = "send";
    public const string Watch = "watch";
    public const string Subscribe = "subscribe";
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";
    public const string Logs = "logs";
    public const string Reload = "reload";

    public static readonly IReadOnlyList<string> Methods = [Fleet, Probe, Send, Watch, Subscribe, Start, Stop, Restart, Logs, Reload];

    // replies and streamed events (Fleet doubles as the reply to fleet / probe / subscribe)
    public const string Sent = "sent";
    public const string Attached = "attached";
    public const string PodEvent = "pod_event";
    public const string Undecodable = "undecodable";
    public const string Detached = "detached";
    public const string Change = "change";
    public const string Cycle = "cycle";
    public const string Error = "error";
    public const string Done = "done";
    public const string LogLine = "log_line";
    public const string Reloaded = "reloaded";

    // error codes
    public const string InvalidRequest = "invalid_request";
    public const string UnknownPod = "unknown_pod";
    public const string AttachFailed = "attach_failed";
    public const string SendFailed = "send_failed";
    public const string Busy = "busy";
    public const string Denied = "denied";
    public const string Timeout = "timeout";
    public const string Internal = "internal";
    public const string NotManaged = "not_managed";
    public const string Refused = "refused";
    public const string NoLog = "no_log";
    public const string InvalidConfig = "invalid_config";
    public const string NotSupported = "not_supported";

    // detach reasons with a fixed meaning
    public const string Lagged = "lagged";
}
