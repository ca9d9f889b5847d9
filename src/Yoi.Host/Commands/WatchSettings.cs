using System.ComponentModel;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class WatchSettings : CommonSettings
{
    [CommandArgument(0, "<POD>")]
    [Description("The pod to attach to")]
    public string Pod { get; set; } = "";

    [CommandOption("--json")]
    [Description("Print every event as the raw JSON line the pod sent (unknown variants included)")]
    public bool Json { get; set; }
}
