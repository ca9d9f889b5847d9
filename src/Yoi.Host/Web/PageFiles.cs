using Microsoft.AspNetCore.Http;

namespace Yoi.Host.Web;

/// <summary>The dashboard page: plain HTML, CSS and JavaScript embedded in the executable (no CDN, nothing fetched at
/// run time, no build step).</summary>
internal static class PageFiles
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = Load();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        var assembly = typeof(PageFiles).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("page/", StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            files[name["page/".Length..]] = (copy.ToArray(), type);
        }

        return files;
    }

    public static async Task Serve(HttpContext ctx, string file)
    {
        if (!Files.TryGetValue(file, out var found))
        {
            await Problems.Write(ctx, "unknown_page", $"no page file '{file}'", 404).ConfigureAwait(false);
            return;
        }

        ctx.Response.ContentType = found.Type;
        ctx.Response.Headers.ContentSecurityPolicy = Policy;
        ctx.Response.Headers.CacheControl = "no-cache";
        await ctx.Response.Body.WriteAsync(found.Bytes, ctx.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteLoginNeeded(HttpContext ctx, string? why = null)
    {
        ctx.Response.StatusCode = 401;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.Headers.ContentSecurityPolicy = Policy;
        var reason = why ?? "This page needs a login.";
        return ctx.Response.WriteAsync(
            $"<!doctype html><html lang=en><head><meta charset=utf-8><title>Yoi Supervisor: log in</title></head><body>" +
            $"<h1>Yoi Supervisor</h1><p id=login-needed>{System.Net.WebUtility.HtmlEncode(reason)} Run <code>yoi-supervisor dashboard</code> " +
            "on the supervisor's machine and open the link it prints.</p></body></html>", ctx.RequestAborted);
    }
}
