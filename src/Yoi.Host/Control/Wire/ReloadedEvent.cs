namespace Yoi.Host.Control.Wire;

/// <summary><c>reloaded</c>: the configuration file was read again and applied.</summary>
public sealed record ReloadedEvent(string File, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, int Unchanged) : ControlEvent
{
    public override string Name => ControlNames.Reloaded;
}
