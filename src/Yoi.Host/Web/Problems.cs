using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Yoi.Host.Web;

/// <summary>RFC 7807 problem details, carrying the control protocol's code.</summary>
internal static class Problems
{
    public static async Task Write(HttpContext ctx, string code, string detail, int? status = null)
    {
        var response = ctx.Response;
        if (response.HasStarted)
            return;
        response.StatusCode = status ?? ApiProblems.StatusOf(code);
        response.ContentType = "application/problem+json";
        response.Headers.CacheControl = "no-store";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Control.Wire.ControlCodec.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", ApiProblems.TypeOf(code));
            w.WriteString("title", ApiProblems.TitleOf(code));
            w.WriteNumber("status", response.StatusCode);
            w.WriteString("detail", detail);
            w.WriteString("code", code);
            w.WriteString("instance", ctx.Request.Path.Value);
            w.WriteEndObject();
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An <c>error</c> line's data (<c>{"code":…,"message":…}</c>) as a problem.</summary>
    public static Task FromError(HttpContext ctx, ControlLine error)
    {
        using var doc = JsonDocument.Parse(error.Data);
        var code = doc.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "internal";
        var message = doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "the supervisor refused the request";
        return Write(ctx, code, message);
    }
}
