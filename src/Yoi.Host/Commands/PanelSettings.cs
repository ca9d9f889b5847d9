using System.ComponentModel;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class PanelSettings : PollSettings
{
    [CommandOption("--cluster")]
    [Description("Every node's pods, live, through this node's `run --cluster` daemon (rows named NODE/POD)")]
    public bool Cluster { get; set; }
}
