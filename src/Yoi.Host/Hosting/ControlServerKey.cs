namespace Yoi.Host.Hosting;

/// <summary>The actor-registry key of the <see cref="Control.ControlServer"/>.</summary>
public sealed class ControlServerKey;
