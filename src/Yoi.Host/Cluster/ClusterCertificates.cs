using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Yoi.Host.Cluster;

/// <summary>The cluster's TLS identities: loading them, the mutual check each end of a connection applies to the
/// other, and making a CA and node certificates (<c>cluster-cert</c>, the tests).</summary>
public static class ClusterCertificates
{
    /// <summary>This node's certificate with its private key. Throws <see cref="CliException"/> (usage) naming what is wrong.</summary>
    public static X509Certificate2 LoadNode(string path, string? password)
    {
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cluster.certificate_path: cannot read {path} as a PKCS#12 certificate with its key: {e.Message}");
        }

        if (!cert.HasPrivateKey)
        {
            cert.Dispose();
            throw new CliException(ExitCodes.Usage, $"cluster.certificate_path: {path} holds no private key");
        }

        return cert;
    }

    /// <summary>The CA certificate (PEM or DER).</summary>
    public static X509Certificate2 LoadCa(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.AsSpan().StartsWith("-----BEGIN"u8)
                ? X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(bytes))
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException(ExitCodes.Usage, $"cluster.ca_certificate_path: cannot read {path} as a certificate: {e.Message}");
        }
    }

    /// <summary>True when <paramref name="peer"/> is issued by <paramref name="ca"/> (the chain ends at it, nothing else
    /// trusted), is valid now, and is meant for TLS. Host names are not checked: a node's identity is the CA's signature.</summary>
    public static bool IssuedBy(X509Certificate2 peer, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (!chain.Build(peer))
            return false;
        var root = chain.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    /// <summary>The check both ends of every cluster connection run on the other's certificate (DotNetty calls it on the
    /// server side for the client's certificate too: mutual authentication is required).</summary>
    /// <remarks>A refusal is written to stderr at once, in the host's log format, not through Akka's logging: the refused
    /// end's actor system shuts down right after (every peer refused it), and a log event still queued for the logger
    /// actor goes down with it — under load in CI the refused node's own line was missing.</remarks>
    public static CertificateValidationCallback Validator(X509Certificate2 ca) =>
        (certificate, _, remotePeer, errors, _) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                Refused($"cluster TLS: {remotePeer} presented no certificate: refused");
                return false;
            }

            if (IssuedBy(certificate, ca))
                return true;
            Refused($"cluster TLS: {remotePeer} presented {certificate.Subject}, not issued by the cluster CA {ca.Subject}: refused");
            return false;
        };

    private static void Refused(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss.fff} warn: {typeof(ClusterCertificates).FullName}[0] {message}"));

    // ---------------- making them ----------------

    /// <summary>A new CA (self-signed, 10 years).</summary>
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    /// <summary>A node certificate issued by <paramref name="ca"/> (server and client authentication, 2 years), with its key.</summary>
    public static X509Certificate2 CreateNode(X509Certificate2 ca, string nodeName, IEnumerable<string> hosts)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={nodeName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(host);
        }

        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, now.AddDays(-1), now.AddYears(2) < ca.NotAfter ? now.AddYears(2) : ca.NotAfter.ToUniversalTime(), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <c>ca.crt</c> (PEM, public) and <c>ca.pfx</c> (PKCS#12 with its key: keep it off the nodes) for
    /// a new CA, and <c>NODE.pfx</c> per node, into <paramref name="directory"/> (mode 0600 for key files).</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<string> nodes, IReadOnlyList<string> hosts, string? password, X509Certificate2? existingCa = null)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        using var ca = existingCa is null ? CreateCa("yoi-supervisor cluster CA") : null;
        var issuer = existingCa ?? ca!;
        if (existingCa is null)
        {
            written.Add(WriteFile(Path.Combine(directory, "ca.crt"), System.Text.Encoding.ASCII.GetBytes(issuer.ExportCertificatePem() + "\n"), secret: false));
            written.Add(WriteFile(Path.Combine(directory, "ca.pfx"), issuer.Export(X509ContentType.Pkcs12, password), secret: true));
        }

        foreach (var node in nodes)
        {
            using var cert = CreateNode(issuer, node, hosts.Append(node));
            written.Add(WriteFile(Path.Combine(directory, node + ".pfx"), cert.Export(X509ContentType.Pkcs12, password), secret: true));
        }

        return written;
    }

    private static string WriteFile(string path, byte[] bytes, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = secret ? UnixFileMode.UserRead | UnixFileMode.UserWrite : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        using (var stream = new FileStream(path, options))
            stream.Write(bytes);
        return path;
    }
}
