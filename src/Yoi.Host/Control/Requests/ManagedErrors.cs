using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary>What a request about a managed pod answers when the pod is not one the supervisor manages: the view tells
/// an unknown name from a pod someone else started (a row without a process of the supervisor's).</summary>
public static class ManagedErrors
{
    public static ErrorReply NotManaged(Fleet.View view, string pod, string? refusal = null)
    {
        var rows = view.Pods.Where(p => p.Name == pod).ToList();
        if (rows.Count == 0)
            return new ErrorReply(ControlNames.UnknownPod, $"unknown pod {pod}: it is neither managed by this supervisor nor in the registry");
        if (rows.All(r => r.Managed is null))
            return new ErrorReply(ControlNames.NotManaged, $"pod {pod} is not managed by this supervisor (it was started by someone else; add it to the managed section of the configuration and reload)");
        return new ErrorReply(ControlNames.Refused, refusal ?? $"pod {pod}: refused");
    }
}
