namespace Yoi.Host.Control.Wire;

/// <summary><c>logs</c>: the reply to a <c>logs</c> request, naming the file read; its lines follow.</summary>
public sealed record LogsEvent(string Pod, string Stream, string Path) : ControlEvent
{
    public override string Name => ControlNames.Logs;
}
