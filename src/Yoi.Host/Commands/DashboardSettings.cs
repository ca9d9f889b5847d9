namespace Yoi.Host.Commands;

public sealed class DashboardSettings : CommonSettings;
