using Newtonsoft.Json.Linq;

namespace Yoi.Host.Control;

/// <summary>One line from the supervisor: <c>{"event":…,"data":…}</c>.</summary>
public sealed record ControlReply(string Event, JToken? Data, JObject Raw)
{
    public static ControlReply From(JObject line) =>
        new((string?)line["event"] ?? throw new CliException(ExitCodes.SupervisorUnavailable, "the supervisor sent a line without \"event\""), line["data"], line);

    public JObject DataObject => Data as JObject ?? [];

    /// <summary>For an <c>error</c> reply: the exception a command ends with.</summary>
    public CliException ToException()
    {
        var code = (string?)DataObject["code"] ?? "error";
        var message = (string?)DataObject["message"] ?? "the supervisor refused the request";
        var exit = code switch
        {
            ControlProtocol.UnknownPod or ControlProtocol.AttachFailed or ControlProtocol.SendFailed => ExitCodes.PodUnavailable,
            ControlProtocol.InvalidRequest => ExitCodes.Usage,
            _ => ExitCodes.SupervisorUnavailable,
        };
        return new CliException(exit, message);
    }
}
