using Yoi.Host.Output;

namespace Yoi.Host.Control.Wire;

/// <summary><c>done</c>: the reply to <c>start</c>/<c>stop</c>/<c>restart</c> (<paramref name="Action"/>), with the
/// pod's process as it stands then.</summary>
public sealed record DoneEvent(string Pod, string Action, ManagedReport Managed) : ControlEvent
{
    public override string Name => ControlNames.Done;
}
