using Yoi.Host.Control.Wire;

namespace Yoi.Host.Web;

/// <summary>The HTTP status of each control protocol error code (RFC 7807 problem details carry the code itself as
/// <c>code</c>, and <c>type</c> <c>urn:yoi:error:CODE</c>).</summary>
public static class ApiProblems
{
    /// <summary>A managed pod's verb that its owner refused (not a control-socket code: the HTTP API's own).</summary>
    public const string Refused = "refused";

    public static int StatusOf(string code) => code switch
    {
        ControlNames.InvalidRequest => 400,
        ControlNames.Denied => 403,
        ControlNames.UnknownPod or ControlNames.NoLog => 404,
        Refused or ControlNames.NotManaged => 409,
        ControlNames.NotSupported => 501,
        ControlNames.AttachFailed or ControlNames.SendFailed => 502,
        ControlNames.Busy => 503,
        ControlNames.Timeout => 504,
        _ => 500,
    };

    public static string TypeOf(string code) => $"urn:yoi:error:{code}";

    public static string TitleOf(string code) => code switch
    {
        ControlNames.InvalidRequest => "Invalid request",
        ControlNames.Denied => "Denied",
        ControlNames.UnknownPod => "Unknown pod",
        ControlNames.NoLog => "No log yet",
        ControlNames.NotManaged => "Not a managed pod",
        ControlNames.NotSupported => "Not supported",
        Refused => "Refused",
        ControlNames.AttachFailed => "Cannot attach to the pod",
        ControlNames.SendFailed => "Cannot send to the pod",
        ControlNames.Busy => "Busy",
        ControlNames.Timeout => "The supervisor did not answer in time",
        _ => "Internal error",
    };
}
