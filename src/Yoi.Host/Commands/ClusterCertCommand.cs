using Spectre.Console.Cli;
using Yoi.Host.Cluster;

namespace Yoi.Host.Commands;

/// <summary><c>cluster-cert</c>: a new cluster CA and a certificate per node issued by it, as <c>run --cluster</c>
/// takes them (<c>certificate_path</c>: NODE.pfx, <c>ca_certificate_path</c>: ca.crt). ca.pfx holds the CA's key:
/// keep it away from the nodes; with it, <c>--ca</c> is not offered (yet): make all node certificates at once.</summary>
public sealed class ClusterCertCommand : Command<ClusterCertSettings>
{
    public override int Execute(CommandContext context, ClusterCertSettings settings, CancellationToken cancellationToken)
    {
        var written = ClusterCertificates.Write(settings.Out!, settings.NodeList(), settings.HostList(), settings.Password);
        foreach (var path in written)
            Console.Out.WriteLine(path);
        return ExitCodes.Ok;
    }
}
