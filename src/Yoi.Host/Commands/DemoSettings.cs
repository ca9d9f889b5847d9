using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class DemoSettings : CommonSettings
{
    [CommandOption("--pods <N>")]
    [Description("Healthy pods, beside the faulty ones (default 6)")]
    public int Pods { get; set; } = 6;

    [CommandOption("--cycles <N>")]
    [Description("Poll cycles to supervise (default 5)")]
    public int Cycles { get; set; } = 5;

    [CommandOption("--period-ms <N>")]
    [Description("Poll period in milliseconds (default 500 for the demo)")]
    public int PeriodMs { get; set; } = 500;

    [CommandOption("--dialect <DIALECT>")]
    [Description("The runtime generation the fleet simulates: pod (June: pods.json) or worker (August: workers.json); default pod")]
    public string Dialect { get; set; } = "pod";

    public override ValidationResult Validate()
    {
        if (!Yoi.Actors.Protocol.DialectNames.TryParse(Dialect, out _)) return ValidationResult.Error($"unknown dialect '{Dialect}': pod or worker");
        if (Pods is < 0 or > 500) return ValidationResult.Error("--pods must be between 0 and 500");
        if (Cycles is < 1 or > 100) return ValidationResult.Error("--cycles must be between 1 and 100");
        if (PeriodMs is < 50 or > 5000) return ValidationResult.Error("--period-ms must be between 50 and 5000");
        return ValidationResult.Success();
    }
}
