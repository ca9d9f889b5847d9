using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests.Web;

/// <summary>The HTTP API of a real <c>run --http</c> daemon on a loopback port: what it answers, what it refuses.</summary>
public sealed class HttpApiTests : IAsyncLifetime
{
    private WebDaemon _web = null!;

    public async Task InitializeAsync() =>
        _web = await WebDaemon.StartAsync(
        [
            new PodSpec("alpha", PodMode.Normal),
            new PodSpec("beta", PodMode.Normal),
            new PodSpec("nobody", PodMode.Refused),
        ]);

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task The_fleet_is_the_control_protocols_fleet()
    {
        var fleet = await GetJson("api/fleet");
        var pods = ((JArray)fleet["pods"]!).ToDictionary(p => (string)p["name"]!);
        Assert.Equal(["alpha", "beta", "nobody"], pods.Keys.Order());
        Assert.Equal("ok", (string?)pods["alpha"]["outcome"]);
        Assert.Equal("refused", (string?)pods["nobody"]["outcome"]);
        Assert.Equal(_web.Daemon.Pid, (int)fleet["supervisor"]!["pid"]!);

        var one = await GetJson("api/pods/beta");
        Assert.Equal("beta", (string?)one["name"]);

        using var probe = await _web.Client.PostAsync("api/probe?pod=alpha", null);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        var probed = JObject.Parse(await probe.Content.ReadAsStringAsync());
        Assert.Equal("alpha", (string?)probed["pods"]![0]!["name"]);
    }

    [Fact]
    public async Task Refusals_are_problem_details_with_the_control_codes()
    {
        await AssertProblem(await _web.Client.GetAsync("api/pods/ghost"), 404, "unknown_pod");
        await AssertProblem(await _web.Client.PostAsync("api/probe?pod=ghost", null), 404, "unknown_pod");
        await AssertProblem(await Send("alpha", "{\"method\":\"no_such_method\"}"), 400, "invalid_request", "not a valid method");
        await AssertProblem(await Send("alpha", "{\"method\":"), 400, "invalid_request", "not a valid method");
        await AssertProblem(await Send("alpha", "[1,2]"), 400, "invalid_request");
        await AssertProblem(await Send("ghost", "{\"method\":\"cancel\"}"), 404, "unknown_pod");
        await AssertProblem(await Send("nobody", "{\"method\":\"cancel\"}"), 502, "send_failed");
        using var text = new StringContent("{\"method\":\"cancel\"}", Encoding.UTF8, "text/plain");
        await AssertProblem(await _web.Client.PostAsync("api/pods/alpha/send", text), 415, "invalid_request");
        await AssertProblem(await _web.Client.GetAsync("api/pods/nobody/events"), 502, "attach_failed");
        // Not the text/plain cancel either: nothing refused reached the pod.
        Assert.DoesNotContain(_web.Fleet["alpha"].ReceivedMethods, m => m.Contains("\"cancel\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_method_reaches_the_pod()
    {
        using var response = await Send("alpha", "{\"method\":\"cancel\"}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cancel", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["method"]);
        await Eventually.Until(() => _web.Fleet["alpha"].ReceivedMethods.Any(m => m.Contains("\"cancel\"", StringComparison.Ordinal)), Cli.Ceiling, "alpha receives cancel");
    }

    [Fact]
    public async Task Without_a_credential_nothing_but_health_answers()
    {
        await AssertProblem(await _web.Anonymous.GetAsync("api/fleet"), 401, "denied");
        await AssertProblem(await _web.Anonymous.PostAsync("api/probe", null), 401, "denied");
        await AssertProblem(await _web.Anonymous.GetAsync("metrics"), 401, "denied");
        await AssertProblem(await _web.Anonymous.GetAsync("openapi/v1.json"), 401, "denied");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/fleet");
        wrong.Headers.Authorization = new("Bearer", new string('x', 43));
        await AssertProblem(await _web.Anonymous.SendAsync(wrong), 401, "denied");

        using var bogusCookie = new HttpRequestMessage(HttpMethod.Get, "api/fleet");
        bogusCookie.Headers.Add("Cookie", "yoi_session=v1.1.forged");
        await AssertProblem(await _web.Anonymous.SendAsync(bogusCookie), 401, "denied");

        using var page = await _web.Anonymous.GetAsync("");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("yoi-supervisor dashboard", await page.Content.ReadAsStringAsync());

        using var health = await _web.Anonymous.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(health.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_host_header_that_is_not_the_listeners_is_refused()
    {
        foreach (var host in new[] { $"attacker.example:{_web.Port}", "127.0.0.1:1", $"127.0.0.1.nip.io:{_web.Port}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/fleet");
            request.Headers.Host = host;
            await AssertProblem(await _web.Client.SendAsync(request), 421, "denied", "does not answer to the host");
        }

        using var local = new HttpRequestMessage(HttpMethod.Get, "api/fleet");
        local.Headers.Host = $"localhost:{_web.Port}";
        using var ok = await _web.Client.SendAsync(local);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_login_code_works_once_and_its_cookie_needs_the_same_origin_to_change_state()
    {
        var login = new Uri(await _web.LoginUrlAsync());
        Assert.Equal(_web.Url.GetLeftPart(UriPartial.Authority), login.GetLeftPart(UriPartial.Authority));
        using var first = await _web.Anonymous.GetAsync(login.PathAndQuery.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];

        using var again = await _web.Anonymous.GetAsync(login.PathAndQuery.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.False(again.Headers.Contains("Set-Cookie"));

        using var read = new HttpRequestMessage(HttpMethod.Get, "api/fleet");
        read.Headers.Add("Cookie", cookie);
        using var readOk = await _web.Anonymous.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, readOk.StatusCode);

        // A state change with the cookie: refused without an origin, and from another one; served from this one.
        await AssertProblem(await PostWithCookie(cookie, null), 403, "denied", "origin");
        await AssertProblem(await PostWithCookie(cookie, "http://attacker.example"), 403, "denied", "origin");
        using var same = await PostWithCookie(cookie, _web.Url.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
    }

    [Fact]
    public async Task Fleet_events_come_in_order_the_view_then_cycles()
    {
        using var stream = await SseStream.OpenAsync(_web.Client, "api/events");
        var first = await stream.NextAsync();
        Assert.Equal("fleet", first.Event);
        var cycles = new List<long>();
        while (cycles.Count < 3)
        {
            var next = await stream.NextAsync();
            if (next.Event == "cycle")
                cycles.Add((long)JObject.Parse(next.Data)["supervisor"]!["cycles"]!);
        }

        Assert.True(cycles.SequenceEqual(cycles.Order()) && cycles.Distinct().Count() == cycles.Count, string.Join(",", cycles));
        Assert.True(cycles[0] >= (long)JObject.Parse(first.Data)["supervisor"]!["cycles"]!);
    }

    [Fact]
    public async Task Pod_events_are_the_pods_lines_in_order_after_attached()
    {
        using var stream = await SseStream.OpenAsync(_web.Client, "api/pods/alpha/events");
        Assert.Equal("attached", (await stream.NextAsync()).Event);
        using (var run = await Send("alpha", "{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"text\",\"content\":\"hello\"}]}}"))
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var names = new List<string>();
        while (!names.Contains("run_end"))
        {
            var e = await stream.NextAsync();
            Assert.Equal("pod_event", e.Event);
            var data = JObject.Parse(e.Data);
            var line = JObject.Parse((string)data["line"]!);
            Assert.Equal((string?)data["event"], (string?)line["event"]);
            names.Add((string)data["event"]!);
        }

        Assert.True(names.IndexOf("snapshot") < names.IndexOf("turn_start") && names.IndexOf("turn_start") < names.IndexOf("run_end"), string.Join(",", names));
    }

    [Fact]
    public async Task Metrics_and_the_openapi_document_are_served()
    {
        await Eventually.Until(() =>
        {
            var text = _web.Client.GetStringAsync("metrics").GetAwaiter().GetResult();
            return text.Contains("yoi_probes_total{") && text.Contains("outcome=\"refused\"") && text.Contains("yoi_pods{")
                   && text.Contains("yoi_probe_duration_seconds_bucket") && text.Contains("yoi_process_open_fds") && text.Contains("process_");
        }, Cli.Ceiling, "the Prometheus text has the supervisor's metrics");

        var openApi = await GetJson("openapi/v1.json");
        var paths = (JObject)openApi["paths"]!;
        foreach (var path in new[] { "/api/fleet", "/api/probe", "/api/pods/{name}", "/api/pods/{name}/send", "/api/pods/{name}/events", "/api/events", "/api/pods/{name}/restart", "/api/pods/{name}/logs" })
            Assert.True(paths.ContainsKey(path), path);
        var logs = (JArray)paths["/api/pods/{name}/logs"]!["get"]!["parameters"]!;
        Assert.Equal(["name", "stream", "lines", "follow", "format"], logs.Select(p => (string)p["name"]!));
        // A pod of the registry this daemon does not manage has no logs of its: a problem with the control code.
        await AssertProblem(await _web.Client.GetAsync("api/pods/alpha/logs"), 409, "not_managed");
    }

    private async Task<JObject> GetJson(string path)
    {
        using var response = await _web.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JObject.Parse(body);
    }

    private Task<HttpResponseMessage> Send(string pod, string body) =>
        _web.Client.PostAsync($"api/pods/{pod}/send", new StringContent(body, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostWithCookie(string cookie, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/probe?pod=alpha");
        request.Headers.Add("Cookie", cookie);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return _web.Anonymous.SendAsync(request);
    }

    private static async Task AssertProblem(HttpResponseMessage response, int status, string code, string? detail = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JObject.Parse(body);
            Assert.Equal(code, (string?)problem["code"]);
            Assert.Equal(status, (int)problem["status"]!);
            Assert.Equal($"urn:yoi:error:{code}", (string?)problem["type"]);
            if (detail is not null)
                Assert.Contains(detail, (string?)problem["detail"]);
        }
    }
}
