namespace Yoi.Host.Commands;

public sealed class PanelSettings : PollSettings;
