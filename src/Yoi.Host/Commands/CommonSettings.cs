using System.ComponentModel;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary>What every command takes.</summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("--runtime-dir <DIR>")]
    [Description("The Yoi runtime directory (default: $YOI_RUNTIME_DIR, $YOI_HOME/run, $XDG_RUNTIME_DIR/yoi or ~/.yoi/run)")]
    public string? RuntimeDir { get; set; }

    /// <summary>The flags that override configuration, by configuration key.</summary>
    public virtual IEnumerable<KeyValuePair<string, string?>> ConfigurationFlags()
    {
        yield return new("runtime_dir", RuntimeDir);
    }
}
