using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

public sealed class ClusterCertSettings : CommandSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Where to write ca.crt, ca.pfx and one NODE.pfx per node")]
    public string? Out { get; set; }

    [CommandOption("--nodes <NAMES>")]
    [Description("Comma-separated node names, one certificate each (e.g. a,b,c)")]
    public string? Nodes { get; set; }

    [CommandOption("--hosts <HOSTS>")]
    [Description("Comma-separated host names / IP addresses the nodes are reached at (default 127.0.0.1,localhost)")]
    public string? Hosts { get; set; }

    [CommandOption("--password <PASSWORD>")]
    [Description("Password of the .pfx files (default: none)")]
    public string? Password { get; set; }

    public IReadOnlyList<string> NodeList() => Split(Nodes);

    public IReadOnlyList<string> HostList() => Hosts is null ? ["127.0.0.1", "localhost"] : Split(Hosts);

    private static List<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public override ValidationResult Validate()
    {
        if (string.IsNullOrEmpty(Out)) return ValidationResult.Error("--out DIR is required");
        if (NodeList().Count == 0) return ValidationResult.Error("--nodes needs at least one node name");
        foreach (var node in NodeList())
        {
            if (node.Contains('/') || node.Contains(Path.DirectorySeparatorChar) || node is "." or ".." or "ca")
                return ValidationResult.Error($"--nodes: '{node}' cannot be a node name");
        }

        if (HostList().Count == 0) return ValidationResult.Error("--hosts needs at least one host");
        return ValidationResult.Success();
    }
}
