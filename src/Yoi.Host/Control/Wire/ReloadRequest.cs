namespace Yoi.Host.Control.Wire;

/// <summary><c>reload</c>: re-read the daemon's configuration file and apply its <c>managed</c> section.</summary>
public sealed record ReloadRequest : ControlRequest
{
    public override string Method => ControlNames.Reload;
}
