namespace Yoi.Host.Commands;

/// <summary><c>reload</c>: only the common options.</summary>
public sealed class ReloadSettings : CommonSettings;
