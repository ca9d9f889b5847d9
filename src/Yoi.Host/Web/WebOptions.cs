using Microsoft.Extensions.Configuration;

namespace Yoi.Host.Web;

/// <summary>The HTTP listener's and the exporters' options, bound from the same configuration as
/// <see cref="Hosting.SupervisorOptions"/> (<c>appsettings.json</c> &lt; <c>YOI_SUPERVISOR_*</c> &lt; flags).</summary>
public sealed class WebOptions
{
    /// <summary><c>[ADDR:]PORT</c>; null: no HTTP listener.</summary>
    [ConfigurationKeyName("http")]
    public string? Http { get; set; }

    /// <summary>A certificate for HTTPS: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>) or a PEM certificate (with
    /// <see cref="CertificateKey"/>). With it the listener may be on any address.</summary>
    [ConfigurationKeyName("http_certificate")]
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="Certificate"/>.</summary>
    [ConfigurationKeyName("http_certificate_key")]
    public string? CertificateKey { get; set; }

    [ConfigurationKeyName("http_certificate_password")]
    public string? CertificatePassword { get; set; }

    /// <summary>An OTLP endpoint (e.g. <c>http://localhost:4317</c>) to push metrics to; null: none.</summary>
    [ConfigurationKeyName("otlp_endpoint")]
    public string? OtlpEndpoint { get; set; }

    public static WebOptions From(IConfiguration configuration)
    {
        var options = new WebOptions();
        configuration.Bind(options);
        if (options.OtlpEndpoint is { Length: > 0 } otlp && !Uri.TryCreate(otlp, UriKind.Absolute, out _))
            throw new CliException(ExitCodes.Usage, $"invalid configuration: otlp_endpoint '{otlp}' is not an absolute URI");
        if (options.Certificate is { Length: > 0 } cert && !File.Exists(cert))
            throw new CliException(ExitCodes.Usage, $"invalid configuration: http_certificate '{cert}' does not exist");
        return options;
    }
}
