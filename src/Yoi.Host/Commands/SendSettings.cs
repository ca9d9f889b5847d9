using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class SendSettings : CommonSettings
{
    [CommandArgument(0, "<POD>")]
    [Description("The pod to send to")]
    public string Pod { get; set; } = "";

    [CommandArgument(1, "[METHOD]")]
    [Description("run | notify | cancel | pause | resume | compact | shutdown")]
    public string? Method { get; set; }

    [CommandArgument(2, "[TEXT]")]
    [Description("The text of run or notify (several words are joined with spaces)")]
    public string[] Text { get; set; } = [];

    [CommandOption("--raw <JSON>")]
    [Description("Send this method object instead, e.g. {\"method\":\"pause\"}; it must be a valid method, and its canonical encoding is sent")]
    public string? Raw { get; set; }

    [CommandOption("--follow")]
    [Description("Print the pod's events until the run ends (run_end) or the pod answers error")]
    public bool Follow { get; set; }

    [CommandOption("--json")]
    [Description("Print replies and events as JSON lines")]
    public bool Json { get; set; }

    public override ValidationResult Validate() =>
        MethodLine.Problem(Method, Text, Raw) is { } problem ? ValidationResult.Error(problem) : ValidationResult.Success();
}
