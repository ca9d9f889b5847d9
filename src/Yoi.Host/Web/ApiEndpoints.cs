using System.Buffers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using ManagedMessages = Yoi.Actors.Managed.Managed;

namespace Yoi.Host.Web;

/// <summary>The HTTP API: each endpoint is a control request answered by the control protocol's own actors (through an
/// <see cref="HttpBridgeActor"/>), its reply's data passed on as the JSON body, its errors as problem details with the
/// same codes.</summary>
internal static class ApiEndpoints
{
    /// <summary>A stream with nothing to say for this long writes an SSE comment: a client gone away is noticed.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>The most control-line bytes a stream writes before it flushes (and acknowledges them).</summary>
    private const int MaxBatchBytes = 256 * 1024;

    public static void Map(IEndpointRouteBuilder app, WebContext web)
    {
        app.MapGet("/api/fleet", (HttpContext ctx, CancellationToken ct) => Answer(ctx, web, new FleetRequest(), ct))
            .WithName("GetFleet").WithSummary("The supervisor's current view of the fleet (the control protocol's fleet reply)")
            .Produces(200, contentType: "application/json").ProducesProblem(504);

        app.MapPost("/api/probe", (HttpContext ctx, string? pod, CancellationToken ct) => Answer(ctx, web, new ProbeRequest(pod), ct))
            .WithName("Probe").WithSummary("Probe every pod now (a cycle), or one pod with ?pod=NAME; answers the fleet as that probing found it")
            .Produces(200, contentType: "application/json").ProducesProblem(404).ProducesProblem(504);

        app.MapGet("/api/pods/{name}", (HttpContext ctx, string name, CancellationToken ct) => Pod(ctx, web, name, ct))
            .WithName("GetPod").WithSummary("One pod of the current view")
            .Produces(200, contentType: "application/json").ProducesProblem(404);

        app.MapPost("/api/pods/{name}/send", (HttpContext ctx, string name, CancellationToken ct) => Send(ctx, web, name, ct))
            .WithName("Send").WithSummary("Send one method (the body: a method object, validated exactly as `send --raw`)")
            .Produces(200, contentType: "application/json").ProducesProblem(400).ProducesProblem(404).ProducesProblem(502);

        app.MapGet("/api/pods/{name}/events", (HttpContext ctx, string name, CancellationToken ct) => Stream(ctx, web, new WatchRequest(name), ct))
            .WithName("PodEvents").WithSummary("Server-sent events: attached, then each pod_event (its raw line in data.line) until detached")
            .Produces(200, contentType: "text/event-stream").ProducesProblem(404).ProducesProblem(502);

        app.MapGet("/api/events", (HttpContext ctx, CancellationToken ct) => Stream(ctx, web, new SubscribeRequest(), ct))
            .WithName("FleetEvents").WithSummary("Server-sent events: the fleet, then every change and cycle")
            .Produces(200, contentType: "text/event-stream");

        app.MapGet("/api/pods/{name}/logs", (HttpContext ctx, string name, string? stream, string? lines, string? follow, string? format, CancellationToken ct) =>
                Logs(ctx, web, name, stream, lines, follow, format, ct))
            .WithName("PodLogs")
            .WithSummary("Managed pods: the last lines of the captured stdout or stderr (the control protocol's logs request)")
            .WithDescription("Query: stream=stdout|stderr (default stdout), lines=0..100000 (default 10), follow=true|false, format=json|text. " +
                             "Without follow: JSON {pod, stream, path, lines: [...], complete} (or text/plain, one line each, with format=text or " +
                             "Accept: text/plain). With follow=true: server-sent events: logs (pod, stream, path), then one log_line (data.line) " +
                             "per line, now and as the file grows, until detached.")
            .Produces(200, contentType: "application/json", additionalContentTypes: ["text/plain", "text/event-stream"])
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(501).ProducesProblem(504);

        foreach (var verb in new[] { "start", "stop", "restart" })
        {
            app.MapPost($"/api/pods/{{name}}/{verb}", (HttpContext ctx, string name, CancellationToken ct) => ManagedVerb(ctx, web, verb, name, ct))
                .WithName($"Managed{char.ToUpperInvariant(verb[0])}{verb[1..]}").WithSummary($"Managed pods: {verb} the pod's process")
                .Produces(200, contentType: "application/json").ProducesProblem(409).ProducesProblem(504);
        }

        app.MapGet("/healthz", (HttpContext ctx, CancellationToken ct) => Json(ctx, "{\"status\":\"ok\"}"u8.ToArray(), 200))
            .WithName("Health").WithSummary("The process serves HTTP");
        app.MapGet("/readyz", (HttpContext ctx, CancellationToken ct) => Ready(ctx, web, ct))
            .WithName("Ready").WithSummary("The supervisor has read the registry and answers");
    }

    /// <summary>A request with one reply: its data as the body, or its error as a problem.</summary>
    private static async Task Answer(HttpContext ctx, WebContext web, ControlRequest request, CancellationToken ct)
    {
        await using var exchange = Exchange.Open(web, request);
        if (await exchange.ReplyAsync(ct).ConfigureAwait(false) is not { } reply)
        {
            await Problems.Write(ctx, ControlNames.Internal, "the request ended without a reply").ConfigureAwait(false);
            return;
        }

        if (reply.Event == ControlNames.Error)
            await Problems.FromError(ctx, reply).ConfigureAwait(false);
        else
            await Json(ctx, reply.Data, 200).ConfigureAwait(false);
    }

    private static async Task Json(HttpContext ctx, ReadOnlyMemory<byte> body, int status)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task Pod(HttpContext ctx, WebContext web, string name, CancellationToken ct)
    {
        await using var exchange = Exchange.Open(web, new FleetRequest());
        var answered = await exchange.ReplyAsync(ct).ConfigureAwait(false);
        if (answered is not { } reply)
        {
            await Problems.Write(ctx, ControlNames.Internal, "the request ended without a reply").ConfigureAwait(false);
            return;
        }

        if (reply.Event == ControlNames.Error)
        {
            await Problems.FromError(ctx, reply).ConfigureAwait(false);
            return;
        }

        using var doc = JsonDocument.Parse(reply.Data);
        var matches = new List<JsonElement>();
        foreach (var pod in doc.RootElement.GetProperty("pods").EnumerateArray())
        {
            var podName = pod.GetProperty("name").GetString();
            var dialect = pod.TryGetProperty("dialect", out var d) ? d.GetString() : "pod";
            if (podName == name || $"{dialect}:{podName}" == name)
                matches.Add(pod);
        }

        switch (matches.Count)
        {
            case 0:
                await Problems.Write(ctx, ControlNames.UnknownPod, $"unknown pod {name}: no pod of that name in the fleet").ConfigureAwait(false);
                break;
            case 1:
                await Json(ctx, Encoding.UTF8.GetBytes(matches[0].GetRawText()), 200).ConfigureAwait(false);
                break;
            default:
                await Problems.Write(ctx, ControlNames.InvalidRequest,
                    $"the name '{name}' is in both pods.json and workers.json: say pod:{name} or worker:{name}").ConfigureAwait(false);
                break;
        }
    }

    private static async Task Send(HttpContext ctx, WebContext web, string name, CancellationToken ct)
    {
        if (ctx.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Problems.Write(ctx, ControlNames.InvalidRequest, "the body must be a method object, Content-Type: application/json", 415).ConfigureAwait(false);
            return;
        }

        string body;
        try
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await Problems.Write(ctx, ControlNames.InvalidRequest, $"unreadable body: {e.Message}", e.StatusCode).ConfigureAwait(false);
            return;
        }

        // Exactly `send --raw`: the typed method model decodes it, or it is refused and never reaches the pod.
        Method method;
        try
        {
            method = MethodCodec.Decode(body);
        }
        catch (ProtocolException e)
        {
            await Problems.Write(ctx, ControlNames.InvalidRequest, $"not a valid method: {e.Message}").ConfigureAwait(false);
            return;
        }

        await Answer(ctx, web, new SendRequest(name, method, Follow: false), ct).ConfigureAwait(false);
    }

    /// <summary>A stream as server-sent events: one SSE event per control line (<c>event:</c> its name, <c>data:</c> its
    /// data object, compact JSON on one line). A reply that is an error is a problem instead.</summary>
    private static async Task Stream(HttpContext ctx, WebContext web, ControlRequest request, CancellationToken ct)
    {
        await using var exchange = Exchange.Open(web, request);
        if (await exchange.ReadAsync(ct).ConfigureAwait(false) is not { } first)
        {
            await Problems.Write(ctx, ControlNames.Internal, "the request ended without a reply").ConfigureAwait(false);
            return;
        }

        foreach (var line in ControlLine.Split(first))
        {
            if (line.Event == ControlNames.Error)
            {
                exchange.Written(first.Length);
                await Problems.FromError(ctx, line).ConfigureAwait(false);
                return;
            }

            break;
        }

        var response = ctx.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = response.BodyWriter;
        try
        {
            ReadOnlyMemory<byte>? chunk = first;
            while (chunk is { } bytes)
            {
                if (bytes.IsEmpty)
                    writer.Write(": keep-alive\n\n"u8);
                // Everything that came meanwhile goes out with this chunk, in one flush (one write to the socket, one
                // turn of this handler, one acknowledgement) up to a batch's bound.
                var batched = 0;
                while (true)
                {
                    foreach (var line in ControlLine.Split(bytes))
                        WriteEvent(writer, line);
                    batched += bytes.Length;
                    if (batched >= MaxBatchBytes || !exchange.TryRead(out bytes))
                        break;
                }

                await writer.FlushAsync(ct).ConfigureAwait(false);
                exchange.Written(batched);
                chunk = await exchange.ReadAsync(ct, KeepAlive).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: disposing the exchange stops the stream.
        }
    }

    private static void WriteEvent(IBufferWriter<byte> writer, ControlLine line)
    {
        writer.Write("event: "u8);
        Encoding.UTF8.GetBytes(line.Event, writer);
        writer.Write("\ndata: "u8);
        writer.Write(line.Data.Span);
        writer.Write("\n\n"u8);
    }

    private static async Task Logs(HttpContext ctx, WebContext web, string name, string? stream, string? lines, string? follow, string? format, CancellationToken ct)
    {
        // Checked as the control codec checks the logs request's params, with the same words.
        stream ??= LogsRequest.Stdout;
        if (stream is not (LogsRequest.Stdout or LogsRequest.Stderr))
        {
            await Problems.Write(ctx, ControlNames.InvalidRequest, $"logs: \"stream\" must be \"stdout\" or \"stderr\", got \"{stream}\"").ConfigureAwait(false);
            return;
        }

        var count = LogsRequest.DefaultLines;
        if (lines is not null && (!int.TryParse(lines, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count > LogsRequest.MaxLines))
        {
            await Problems.Write(ctx, ControlNames.InvalidRequest, $"logs: \"lines\" must be a whole number from 0 to {LogsRequest.MaxLines}").ConfigureAwait(false);
            return;
        }

        bool following;
        switch (follow)
        {
            case null or "false" or "0":
                following = false;
                break;
            case "" or "true" or "1":
                following = true;
                break;
            default:
                await Problems.Write(ctx, ControlNames.InvalidRequest, "logs: \"follow\" must be true or false").ConfigureAwait(false);
                return;
        }

        bool text;
        switch (format)
        {
            case null:
                var accept = ctx.Request.Headers.Accept.ToString();
                text = accept.Contains("text/plain", StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);
                break;
            case "json" or "text":
                text = format == "text";
                break;
            default:
                await Problems.Write(ctx, ControlNames.InvalidRequest, "logs: \"format\" must be json or text").ConfigureAwait(false);
                return;
        }

        var request = new LogsRequest(name, stream, count, following);
        if (following)
            await Stream(ctx, web, request, ct).ConfigureAwait(false);
        else
            await LogBody(ctx, web, request, text, ct).ConfigureAwait(false);
    }

    /// <summary>A <c>logs</c> request without follow as one body, written as its lines come (memory bounded as a stream's:
    /// the bridge acknowledges the log reader only what was written): JSON <c>{"pod","stream","path","lines":[…],"complete"}</c>,
    /// or plain text, one line each. A body cut short (the client fell behind the backlog bound) is <c>complete: false</c>
    /// in JSON; a text body is aborted instead, so a client sees it is short.</summary>
    private static async Task LogBody(HttpContext ctx, WebContext web, LogsRequest request, bool text, CancellationToken ct)
    {
        await using var exchange = Exchange.Open(web, request);
        if (await exchange.ReadAsync(ct).ConfigureAwait(false) is not { } first)
        {
            await Problems.Write(ctx, ControlNames.Internal, "the request ended without a reply").ConfigureAwait(false);
            return;
        }

        var head = ControlLine.Split(first).First();
        if (head.Event == ControlNames.Error)
        {
            exchange.Written(first.Length);
            await Problems.FromError(ctx, head).ConfigureAwait(false);
            return;
        }

        var response = ctx.Response;
        response.StatusCode = 200;
        response.ContentType = text ? "text/plain; charset=utf-8" : "application/json";
        response.Headers.CacheControl = "no-store";
        var writer = response.BodyWriter;
        if (!text)
        {
            // The logs reply's data is {"pod","stream","path"}: the body is that object, its lines added.
            writer.Write(head.Data.Span[..^1]);
            writer.Write(",\"lines\":["u8);
        }

        var written = 0;
        string? end = null;
        var skip = true;
        try
        {
            ReadOnlyMemory<byte>? chunk = first;
            while (chunk is { } bytes)
            {
                foreach (var line in ControlLine.Split(bytes))
                {
                    if (skip)
                    {
                        skip = false; // the logs reply
                        continue;
                    }

                    if (line.Event == ControlNames.LogLine)
                    {
                        if (text)
                        {
                            Encoding.UTF8.GetBytes(StringField(line.Data.Span, "line") ?? "", writer);
                            writer.Write("\n"u8);
                        }
                        else
                        {
                            if (written > 0) writer.Write(","u8);
                            writer.Write("\""u8);
                            writer.Write(RawStringField(line.Data.Span, "line"));
                            writer.Write("\""u8);
                        }

                        written++;
                    }
                    else if (line.Event == ControlNames.Detached)
                    {
                        end = StringField(line.Data.Span, "reason") ?? "";
                    }
                }

                await writer.FlushAsync(ct).ConfigureAwait(false);
                exchange.Written(bytes.Length);
                if (end is not null) break;
                chunk = await exchange.ReadAsync(ct).ConfigureAwait(false);
            }

            var complete = end == "end";
            if (text)
            {
                if (!complete) ctx.Abort();
                return;
            }

            writer.Write(complete ? "],\"complete\":true}"u8 : "],\"complete\":false}"u8);
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: disposing the exchange stops the read.
        }
    }

    /// <summary>A string property of a control event's data, unescaped.</summary>
    private static string? StringField(ReadOnlySpan<byte> data, string name)
    {
        var reader = new Utf8JsonReader(data);
        return Seek(ref reader, name) ? reader.GetString() : null;
    }

    /// <summary>A string property of a control event's data as it is written, escaped (to be written between quotes).</summary>
    private static ReadOnlySpan<byte> RawStringField(ReadOnlySpan<byte> data, string name)
    {
        var reader = new Utf8JsonReader(data);
        return Seek(ref reader, name) ? reader.ValueSpan : [];
    }

    private static bool Seek(ref Utf8JsonReader reader, string name)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
                reader.Skip();
        }

        return false;
    }

    private static async Task ManagedVerb(HttpContext ctx, WebContext web, string verb, string name, CancellationToken ct)
    {
        object request = verb switch
        {
            "start" => new ManagedMessages.Start(name),
            "stop" => new ManagedMessages.Stop(name),
            _ => new ManagedMessages.Restart(name),
        };
        object reply;
        try
        {
            // A stop waits for the process to be reaped: the grace of its signals, then some.
            reply = await web.Supervisor.Ask<object>(request, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            await Problems.Write(ctx, ControlNames.Timeout, $"the supervisor did not answer {verb} {name} in time (does it manage pods?)").ConfigureAwait(false);
            return;
        }

        var (status, body) = ManagedReplies.Render(reply);
        if (status == 200)
            await Json(ctx, body, 200).ConfigureAwait(false);
        else
            await Problems.Write(ctx, ManagedReplies.CodeOf(reply), ManagedReplies.DetailOf(reply)).ConfigureAwait(false);
    }

    private static async Task Ready(HttpContext ctx, WebContext web, CancellationToken ct)
    {
        try
        {
            var view = await web.Supervisor.Ask<Fleet.View>(Fleet.GetView.Instance, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            await Json(ctx, Encoding.UTF8.GetBytes($"{{\"status\":\"ready\",\"pods\":{view.Pods.Count},\"cycles\":{view.Cycles}}}"), 200).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            await Json(ctx, "{\"status\":\"not ready\"}"u8.ToArray(), 503).ConfigureAwait(false);
        }
    }
}
