namespace Yoi.Host.Commands;

public sealed class RunSettings : PollSettings;
