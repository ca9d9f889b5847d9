using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary>Settings of the commands that poll: the probe period and deadline.</summary>
public class PollSettings : CommonSettings
{
    [CommandOption("--period-ms <N>")]
    [Description("Poll period in milliseconds (default 2000; config period_ms, env YOI_SUPERVISOR_PERIOD_MS)")]
    public int? PeriodMs { get; set; }

    [CommandOption("--timeout-ms <N>")]
    [Description("Probe deadline in milliseconds (default 200; config timeout_ms, env YOI_SUPERVISOR_TIMEOUT_MS)")]
    public int? TimeoutMs { get; set; }

    public override ValidationResult Validate()
    {
        if (PeriodMs is <= 0) return ValidationResult.Error("--period-ms must be a positive number of milliseconds");
        if (TimeoutMs is <= 0) return ValidationResult.Error("--timeout-ms must be a positive number of milliseconds");
        return ValidationResult.Success();
    }

    public override IEnumerable<KeyValuePair<string, string?>> ConfigurationFlags()
    {
        foreach (var flag in base.ConfigurationFlags()) yield return flag;
        yield return new("period_ms", PeriodMs?.ToString(CultureInfo.InvariantCulture));
        yield return new("timeout_ms", TimeoutMs?.ToString(CultureInfo.InvariantCulture));
    }
}
