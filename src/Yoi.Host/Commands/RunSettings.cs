using System.ComponentModel;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class RunSettings : PollSettings
{
    [CommandOption("--http <ADDR:PORT>")]
    [Description("Also serve the HTTP API, the dashboard page and /metrics on [[ADDR:]]PORT (loopback unless http_certificate is configured; config http)")]
    public string? Http { get; set; }

    public override IEnumerable<KeyValuePair<string, string?>> ConfigurationFlags()
    {
        foreach (var flag in base.ConfigurationFlags()) yield return flag;
        yield return new("http", Http);
    }
}
