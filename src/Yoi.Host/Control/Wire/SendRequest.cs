using Yoi.Actors.Protocol;

namespace Yoi.Host.Control.Wire;

/// <summary><c>send</c>: one method to a pod; with <paramref name="Follow"/> the pod's events stream back.</summary>
public sealed record SendRequest(string Pod, Method Request, bool Follow) : ControlRequest
{
    public override string Method => ControlNames.Send;

    public override bool Streams => Follow;
}
