using System.ComponentModel;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary>What every command takes.</summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("--runtime-dir <DIR>")]
    [Description("The Yoi runtime directory (default: $YOI_RUNTIME_DIR, $YOI_HOME/run, $XDG_RUNTIME_DIR/yoi or ~/.yoi/run)")]
    public string? RuntimeDir { get; set; }

    [CommandOption("--config <FILE>")]
    [Description("The configuration file (default: $YOI_SUPERVISOR_CONFIG, else $XDG_CONFIG_HOME/yoi-supervisor/config.json when it exists)")]
    public string? Config { get; set; }

    /// <summary>The flags that override configuration, by configuration key (<c>config</c> names the file itself).</summary>
    public virtual IEnumerable<KeyValuePair<string, string?>> ConfigurationFlags()
    {
        yield return new("runtime_dir", RuntimeDir);
        yield return new(Configuration.ConfigFile.FlagKey, Config);
    }
}
