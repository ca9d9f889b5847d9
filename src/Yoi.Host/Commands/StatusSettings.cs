using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class StatusSettings : CommonSettings
{
    [CommandOption("--json")]
    [Description("Print one JSON object (design §4) instead of a table")]
    public bool Json { get; set; }

    [CommandOption("--pod <NAME>")]
    [Description("Probe only this pod")]
    public string? Pod { get; set; }

    [CommandOption("--cluster")]
    [Description("Every node's pods as this node's `run --cluster` daemon sees them (no new probe), each with its node")]
    public bool Cluster { get; set; }

    [CommandOption("--timeout-ms <N>")]
    [Description("Probe deadline in milliseconds when probing in-process (default 200)")]
    public int? TimeoutMs { get; set; }

    public override Spectre.Console.ValidationResult Validate()
    {
        if (TimeoutMs is <= 0) return Spectre.Console.ValidationResult.Error("--timeout-ms must be a positive number of milliseconds");
        if (Cluster && Pod is not null) return Spectre.Console.ValidationResult.Error("--cluster shows every pod: it takes no --pod");
        if (Pod is { Length: 0 }) return Spectre.Console.ValidationResult.Error("--pod needs a pod name");
        return Spectre.Console.ValidationResult.Success();
    }

    public override IEnumerable<KeyValuePair<string, string?>> ConfigurationFlags()
    {
        foreach (var flag in base.ConfigurationFlags()) yield return flag;
        yield return new("timeout_ms", TimeoutMs?.ToString(CultureInfo.InvariantCulture));
    }
}
