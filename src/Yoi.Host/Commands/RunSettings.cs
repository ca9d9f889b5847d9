using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class RunSettings : PollSettings
{
    [CommandOption("--cluster")]
    [Description("Join the cluster of the `cluster` configuration section (TLS with mutual authentication); without it nothing listens on the network")]
    public bool Cluster { get; set; }

    [CommandOption("--config <FILE>")]
    [Description("A JSON settings file read after appsettings.json (and before YOI_SUPERVISOR_* and the flags): e.g. one node's `cluster` section")]
    public string? ConfigFile { get; set; }

    public override ValidationResult Validate()
    {
        if (ConfigFile is { Length: 0 }) return ValidationResult.Error("--config needs a file");
        if (ConfigFile is not null && !File.Exists(ConfigFile)) return ValidationResult.Error($"--config: no file {ConfigFile}");
        return base.Validate();
    }
}
