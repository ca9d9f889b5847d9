using System.Security.Cryptography.X509Certificates;

namespace Yoi.Host.Cluster;

/// <summary>What <c>run --cluster</c> makes of the <c>cluster</c> section: the options and the loaded TLS identities
/// (owned by the host that runs with them).</summary>
public sealed record ClusterNodeSettings(ClusterOptions Options, X509Certificate2 Certificate, X509Certificate2 Ca)
{
    /// <summary>Validates the options and loads the certificates; a problem is a usage error (<see cref="CliException"/>).</summary>
    public static ClusterNodeSettings Load(ClusterOptions options)
    {
        if (options.Validate() is { } problem)
            throw new CliException(ExitCodes.Usage, $"invalid configuration: {problem}");
        var ca = ClusterCertificates.LoadCa(options.CaCertificatePath!);
        var certificate = ClusterCertificates.LoadNode(options.CertificatePath!, options.CertificatePassword);
        if (!ClusterCertificates.IssuedBy(certificate, ca))
        {
            certificate.Dispose();
            ca.Dispose();
            throw new CliException(ExitCodes.Usage, $"invalid configuration: {options.CertificatePath} is not issued by the CA in {options.CaCertificatePath} (or is not valid now)");
        }

        return new ClusterNodeSettings(options, certificate, ca);
    }
}
