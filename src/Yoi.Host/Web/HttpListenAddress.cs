using System.Globalization;
using System.Net;

namespace Yoi.Host.Web;

/// <summary>Where <c>run --http [ADDR:]PORT</c> listens, and whether that is allowed: loopback always; any other
/// address only with a certificate (HTTPS). Never plain HTTP on a network interface.</summary>
public sealed record HttpListenAddress(IPAddress Address, int Port)
{
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary><c>PORT</c> (127.0.0.1), <c>localhost:PORT</c>, <c>IPv4:PORT</c> or <c>[IPv6]:PORT</c>; port 0 picks a free one.</summary>
    public static HttpListenAddress Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
            throw Usage("--http needs [ADDR:]PORT, e.g. 8787 or 127.0.0.1:8787");
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
                throw Usage($"invalid --http '{text}': an IPv6 address is written [ADDR]:PORT");
            host = text[1..close];
            port = text[(close + 2)..];
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            if (text.IndexOf(':', colon + 1) >= 0)
                throw Usage($"invalid --http '{text}': an IPv6 address is written [ADDR]:PORT");
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        else
        {
            host = "127.0.0.1";
            port = text;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
            throw Usage($"invalid --http '{text}': the port must be a number from 0 to 65535");
        IPAddress address;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out address!))
            throw Usage($"invalid --http '{text}': '{host}' is not an IP address (give an address, or localhost)");
        return new HttpListenAddress(address, number);
    }

    /// <summary>Null when it may listen so, else why not.</summary>
    public string? Refusal(bool hasCertificate) =>
        IsLoopback || hasCertificate
            ? null
            : $"refusing to serve plain HTTP on {Display}: that is a network interface. Listen on a loopback address (e.g. --http {Port}), " +
              "or configure a certificate (http_certificate) to serve HTTPS on it";

    public string Display => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    private static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
