using System.ComponentModel;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary><c>start POD</c>, <c>stop POD</c>, <c>restart POD</c>.</summary>
public sealed class ProcessSettings : CommonSettings
{
    [CommandArgument(0, "<POD>")]
    [Description("The managed pod")]
    public string Pod { get; set; } = "";

    [CommandOption("--json")]
    [Description("Print the reply's JSON line (the pod's managed object) instead of a sentence")]
    public bool Json { get; set; }
}
