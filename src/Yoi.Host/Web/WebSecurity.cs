using System.Net;
using Microsoft.AspNetCore.Http;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Web;

/// <summary>
/// What every request passes before an endpoint sees it: its Host header must name this listener (a DNS-rebinding
/// page's requests name the attacker's host, and are refused); then, except for <c>/healthz</c>, <c>/readyz</c> and
/// <c>/login</c>, a credential — the bearer token or the session cookie; and a state-changing request made with the
/// cookie must come from this origin (<c>Origin</c>, else <c>Sec-Fetch-Site: same-origin</c>). No CORS header is ever
/// sent, so no other origin can read a reply or send the token.
/// </summary>
internal sealed class WebSecurity(WebContext web, IReadOnlyCollection<string> hostNames)
{
    private readonly HashSet<string> _names = new(hostNames, StringComparer.OrdinalIgnoreCase);

    /// <summary>The listener's port, once bound (the configured one may be 0).</summary>
    public int Port { get; set; }

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        var headers = ctx.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        if (!HostAllowed(ctx.Request.Host))
        {
            await Problems.Write(ctx, ControlNames.Denied, $"this listener does not answer to the host '{ctx.Request.Host}'", 421).ConfigureAwait(false);
            return;
        }

        var path = ctx.Request.Path.Value ?? "/";
        if (path is "/healthz" or "/readyz" or "/login")
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }

        var byCookie = false;
        if (BearerToken(ctx.Request) is { } token)
        {
            if (!web.Auth.IsToken(token))
            {
                await Problems.Write(ctx, ControlNames.Denied, "the bearer token is not this supervisor's", 401).ConfigureAwait(false);
                return;
            }
        }
        else if (web.Auth.IsValidCookie(ctx.Request.Cookies[WebAuth.CookieName], DateTimeOffset.UtcNow))
        {
            byCookie = true;
        }
        else
        {
            if (path == "/" || path.StartsWith("/page/", StringComparison.Ordinal))
                await PageFiles.WriteLoginNeeded(ctx).ConfigureAwait(false);
            else
                await Problems.Write(ctx, ControlNames.Denied,
                    $"authentication required: Authorization: Bearer <the token in {WebAuth.TokenFileName}>, or log in through `yoi-supervisor dashboard`", 401).ConfigureAwait(false);
            return;
        }

        if (byCookie && !IsSafe(ctx.Request.Method) && !SameOrigin(ctx.Request))
        {
            await Problems.Write(ctx, ControlNames.Denied, "a state-changing request with the session cookie must come from this page's origin", 403).ConfigureAwait(false);
            return;
        }

        await next(ctx).ConfigureAwait(false);
    }

    private bool HostAllowed(HostString host)
    {
        if (!host.HasValue || host.Port is not { } port || port != Port)
            return false;
        var name = host.Host;
        return _names.Contains(name);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
            return string.Equals(origin, $"{(web.Https ? "https" : "http")}://{request.Host}", StringComparison.OrdinalIgnoreCase);
        return request.Headers["Sec-Fetch-Site"].ToString() == "same-origin";
    }

    /// <summary>The names a Host header may give for <paramref name="address"/> (a port is required too).</summary>
    public static IReadOnlyCollection<string> NamesFor(IPAddress address, IEnumerable<string> certificateNames)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            names.Add(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString());
        else
            names.Add(Environment.MachineName);
        names.AddRange(certificateNames);
        return names;
    }
}
