using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Newtonsoft.Json.Linq;
using Yoi.Host.Tests.Managed;
using Yoi.Testing;

namespace Yoi.Host.Tests.Web;

/// <summary>Where the HTTP listener may listen, with a real <c>run</c>: plain HTTP on loopback only (a network
/// interface is refused in one line, exit 2); with a certificate (generated here, self-signed, PEM or PKCS#12) HTTPS on
/// every address, reached on the machine's own non-loopback address by a client that trusts that certificate, and no
/// plain HTTP there.</summary>
public sealed class HttpsListenerTests
{
    public static TheoryData<string> NetworkAddresses()
    {
        var data = new TheoryData<string> { "0.0.0.0:8787", "[::]:8787" };
        if (NonLoopbackAddress() is { } ip)
            data.Add($"{ip}:8787");
        return data;
    }

    [Theory]
    [MemberData(nameof(NetworkAddresses))]
    public async Task Plain_http_on_a_network_interface_is_refused_in_one_line_with_exit_2(string address)
    {
        using var dir = new TempRuntimeDir();
        await using var run = CliProcess.Start(null, ManagedCliRefusalTests.Isolated(dir), "run", "--runtime-dir", dir.Path, "--http", address);
        var result = await run.WaitAsync(Cli.Ceiling);
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains($"refusing to serve plain HTTP on {address}: that is a network interface", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("http_certificate", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.ControlSocket), "a refused run binds nothing");
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task With_a_certificate_it_serves_https_on_every_address_and_never_plain_http(string format)
    {
        using var dir = new TempRuntimeDir();
        var ip = NonLoopbackAddress();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = SelfSigned(key, ip);
        var env = ManagedCliRefusalTests.Isolated(dir);
        if (format == "pem")
        {
            await File.WriteAllTextAsync(dir.File("cert.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(dir.File("key.pem"), key.ExportPkcs8PrivateKeyPem());
            env["YOI_SUPERVISOR_HTTP_CERTIFICATE"] = dir.File("cert.pem");
            env["YOI_SUPERVISOR_HTTP_CERTIFICATE_KEY"] = dir.File("key.pem");
        }
        else
        {
            await File.WriteAllBytesAsync(dir.File("cert.pfx"), certificate.Export(X509ContentType.Pfx, "test-password"));
            env["YOI_SUPERVISOR_HTTP_CERTIFICATE"] = dir.File("cert.pfx");
            env["YOI_SUPERVISOR_HTTP_CERTIFICATE_PASSWORD"] = "test-password";
        }

        await using var daemon = CliProcess.Start(null, env, "run", "--runtime-dir", dir.Path, "--period-ms", "300", "--http", "0.0.0.0:0");
        var urlFile = dir.File("supervisor.http");
        await Eventually.Until(() => File.Exists(urlFile) && File.ReadAllText(urlFile).Trim().Length > 0 || daemon.HasExited, Cli.Ceiling, "the daemon writes supervisor.http");
        Assert.False(daemon.HasExited, daemon.Stderr);
        var url = new Uri(File.ReadAllText(urlFile).Trim());
        Assert.Equal("https", url.Scheme);
        if (ip is not null)
            Assert.Equal(ip.ToString(), url.Host); // the certificate's name, what a browser elsewhere checks
        var token = (await File.ReadAllTextAsync(dir.File("supervisor.token"))).Trim();
        var target = ip ?? IPAddress.Loopback;
        var origin = new Uri($"https://{target}:{url.Port}/");

        // A client that trusts this certificate (and checks its name) gets the fleet with the token.
        using var trusting = new HttpClient(TrustingHandler(certificate)) { BaseAddress = origin, Timeout = Cli.Ceiling };
        trusting.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        JObject? fleet = null;
        await Eventually.Until(() =>
        {
            using var response = trusting.GetAsync("api/fleet").GetAwaiter().GetResult();
            if (response.StatusCode != HttpStatusCode.OK) return false;
            fleet = JObject.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            return true;
        }, Cli.Ceiling, "GET /api/fleet over HTTPS");
        Assert.Equal(daemon.Pid, (int)fleet!["supervisor"]!["pid"]!);
        using var bare = new HttpClient(TrustingHandler(certificate)) { BaseAddress = origin, Timeout = Cli.Ceiling };
        using (var refused = await bare.GetAsync("api/fleet"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // A client that does not trust it refuses the connection; plain HTTP to the port gets no answer.
        using var untrusting = new HttpClient { BaseAddress = origin, Timeout = Cli.Ceiling };
        var tls = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("healthz"));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(tls.InnerException);
        using var plain = new HttpClient { BaseAddress = new Uri($"http://{target}:{url.Port}/"), Timeout = Cli.Ceiling };
        plain.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("api/fleet"));

        daemon.Signal(Native.SigTerm);
        var ended = await daemon.WaitAsync(Cli.Ceiling);
        Assert.True(ended.ExitCode == 0, ended.ToString());
    }

    private static SocketsHttpHandler TrustingHandler(X509Certificate2 trusted) => new()
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, presented, _, errors) => Trusts(trusted, presented, errors) },
    };

    /// <summary>Trusted: the presented certificate chains to <paramref name="trusted"/> alone, and its name is the one
    /// asked for (the default checks, less the machine's trust store).</summary>
    private static bool Trusts(X509Certificate2 trusted, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }

    private static X509Certificate2 SelfSigned(ECDsa key, IPAddress? ip)
    {
        var request = new CertificateRequest("CN=yoi-supervisor test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        if (ip is not null) names.AddIpAddress(ip);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>This machine's first IPv4 address on an interface that is up and not the loopback one, if it has one.</summary>
    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
