namespace Yoi.Host.Control.Wire;

/// <summary><c>probe</c>: a probe cycle (<paramref name="Pod"/> null) or a probe of one pod, answered with <c>fleet</c>.</summary>
public sealed record ProbeRequest(string? Pod) : ControlRequest
{
    public override string Method => ControlNames.Probe;
}
