using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Commands;

/// <summary><c>logs POD [-f] [-n N] [--stderr]</c>.</summary>
public sealed class LogsSettings : CommonSettings
{
    [CommandArgument(0, "<POD>")]
    [Description("The managed pod")]
    public string Pod { get; set; } = "";

    [CommandOption("-f|--follow")]
    [Description("Keep printing lines as they are written (Ctrl-C stops)")]
    public bool Follow { get; set; }

    [CommandOption("-n|--lines <N>")]
    [Description("How many of the last lines to print first (default 10)")]
    public int Lines { get; set; } = LogsRequest.DefaultLines;

    [CommandOption("--stderr")]
    [Description("The pod's stderr log instead of its stdout log")]
    public bool Stderr { get; set; }

    public override ValidationResult Validate()
    {
        if (Lines < 0 || Lines > LogsRequest.MaxLines)
            return ValidationResult.Error($"--lines must be a number from 0 to {LogsRequest.MaxLines}");
        return ValidationResult.Success();
    }
}
