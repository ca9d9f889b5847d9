using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Yoi.Actors.Diagnostics;
using Yoi.Actors.Supervision;
using Yoi.Host.Hosting;

namespace Yoi.Host.Web;

/// <summary>
/// The daemon's HTTP listener (<c>run --http</c>): Kestrel beside the control socket, in the same process and on the
/// same actors. It owns the listener and the <c>supervisor.http</c> file that tells <c>dashboard</c> where it is;
/// disposing it stops both. Built only when asked for, so nothing of ASP.NET is loaded otherwise.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _urlFile;

    private WebServer(WebApplication app, Uri url, string urlFile)
    {
        _app = app;
        Url = url;
        _urlFile = urlFile;
    }

    /// <summary>The page's address (the listener's, with its real port).</summary>
    public Uri Url { get; }

    public static async Task<WebServer> StartAsync(IServiceProvider host, WebOptions options, HttpListenAddress address, string runtimeDir, CancellationToken ct)
    {
        var certificate = LoadCertificate(options);
        var system = host.GetRequiredService<ActorSystem>();
        var registry = host.GetRequiredService<ActorRegistry>();
        var supervisor = registry.Get<PodSupervisor>();
        var managedConfig = registry.TryGet<Configuration.ManagedConfigActor>(out var config) ? config : null;
        var supervisorOptions = host.GetRequiredService<IOptions<SupervisorOptions>>().Value;
        var limits = supervisorOptions.ControlLimits();
        var auth = new WebAuth(WebAuth.LoadOrCreateToken(runtimeDir));
        var web = new WebContext(system, supervisor, limits, auth, certificate is not null, managedConfig);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "yoi-supervisor",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(host.GetRequiredService<ILoggerFactory>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
            kestrel.Listen(address.Address, address.Port, listen =>
            {
                if (certificate is not null)
                    listen.UseHttps(certificate);
            });
        });
        builder.Services.AddOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(SupervisorMetrics.MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter();
            if (options.OtlpEndpoint is { Length: > 0 } otlp)
                metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
        });

        var names = WebSecurity.NamesFor(address.Address, certificate is null ? [] : CertificateNames(certificate));
        var security = new WebSecurity(web, names) { Port = address.Port };

        var app = builder.Build();
        app.Use(security.InvokeAsync);
        app.MapGet("/", (HttpContext ctx, CancellationToken _) => PageFiles.Serve(ctx, "index.html")).ExcludeFromDescription();
        app.MapGet("/page/{file}", (HttpContext ctx, string file, CancellationToken _) => PageFiles.Serve(ctx, file)).ExcludeFromDescription();
        app.MapGet("/login", (HttpContext ctx, string? code, CancellationToken _) => Login(ctx, web, code)).ExcludeFromDescription();
        ApiEndpoints.Map(app, web);
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");

        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        security.Port = bound.Port;
        var url = new UriBuilder(certificate is null ? "http" : "https", address.IsLoopback ? "127.0.0.1" : PublicName(address.Address, certificate), bound.Port).Uri;
        if (address.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.IsLoopback)
            url = new UriBuilder(url.Scheme, "[::1]", bound.Port).Uri;

        var urlFile = Path.Combine(runtimeDir, WebAuth.UrlFileName);
        File.Delete(urlFile);
        using (var stream = new FileStream(urlFile, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew,
                   Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(url.ToString().TrimEnd('/')).ConfigureAwait(false);
        }

        return new WebServer(app, url, urlFile);
    }

    private static async Task Login(HttpContext ctx, WebContext web, string? code)
    {
        if (!web.Auth.RedeemLoginCode(code, DateTimeOffset.UtcNow))
        {
            await PageFiles.WriteLoginNeeded(ctx, "This login link is not valid: it was used already, has expired, or is another supervisor's.").ConfigureAwait(false);
            return;
        }

        ctx.Response.Cookies.Append(WebAuth.CookieName, web.Auth.IssueCookie(DateTimeOffset.UtcNow), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = web.Https,
            Path = "/",
            MaxAge = WebAuth.CookieLifetime,
            IsEssential = true,
        });
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Redirect("/", permanent: false);
    }

    private static X509Certificate2? LoadCertificate(WebOptions options)
    {
        if (options.Certificate is not { Length: > 0 } path)
            return null;
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            return extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword)
                : X509Certificate2.CreateFromPemFile(path, options.CertificateKey);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new CliException(ExitCodes.Usage, $"invalid configuration: cannot load http_certificate {path}: {e.Message}");
        }
    }

    /// <summary>The name the page's address gives for a listener on a network interface: the bound address itself, or,
    /// on every address (0.0.0.0, [::]), the certificate's first name that is not a loopback one (what a browser
    /// elsewhere checks the certificate against), else the machine's name.</summary>
    private static string PublicName(System.Net.IPAddress address, X509Certificate2? certificate)
    {
        if (!address.Equals(System.Net.IPAddress.Any) && !address.Equals(System.Net.IPAddress.IPv6Any))
            return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        foreach (var name in certificate is null ? Enumerable.Empty<string>() : CertificateNames(certificate))
        {
            if (name is "localhost" or "127.0.0.1" or "[::1]" || name.StartsWith('*'))
                continue;
            return name;
        }

        return Environment.MachineName;
    }

    private static IEnumerable<string> CertificateNames(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var name in san.EnumerateDnsNames()) yield return name;
                foreach (var ip in san.EnumerateIPAddresses()) yield return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
            }
        }

        if (certificate.GetNameInfo(X509NameType.DnsName, false) is { Length: > 0 } cn)
            yield return cn;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(_urlFile);
        }
        catch (IOException)
        {
            // Gone already.
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
