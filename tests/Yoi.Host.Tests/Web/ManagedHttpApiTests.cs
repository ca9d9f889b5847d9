using System.Net;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;
using Yoi.Testing;

namespace Yoi.Host.Tests.Web;

/// <summary>Managed pods over the HTTP API of a real <c>run --http --config</c> daemon: their captured logs (the control
/// protocol's <c>logs</c> request, as JSON, text and SSE with follow) and the refusals, as problem details with the
/// control protocol's codes.</summary>
public sealed class ManagedHttpApiTests : IAsyncLifetime
{
    private ManagedWebDaemon _web = null!;

    public async Task InitializeAsync()
    {
        _web = await ManagedWebDaemon.StartAsync(("alpha", ["--log-lines", "30"]));
        await _web.WaitRunningAsync("alpha");
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private string StdoutLog => Path.Combine(_web.LogDir, "alpha.out.log");

    [Fact]
    public async Task A_managed_pods_last_lines_come_as_json_or_text()
    {
        // The pod writes its 30 lines once it is ready: the tail is there once the last one is.
        await Eventually.Until(() => File.Exists(StdoutLog) && File.ReadAllText(StdoutLog).Contains("out 30 ", StringComparison.Ordinal), Cli.Ceiling, "alpha's 30 lines");

        var json = await GetJson("api/pods/alpha/logs?lines=3");
        Assert.Equal("alpha", (string?)json["pod"]);
        Assert.Equal("stdout", (string?)json["stream"]);
        Assert.EndsWith("alpha.out.log", (string?)json["path"]);
        Assert.True((bool)json["complete"]!);
        Assert.Equal(["out 28", "out 29", "out 30"], ((JArray)json["lines"]!).Select(l => string.Join(' ', ((string)l!).Split(' ').Take(2))));

        var defaults = await GetJson("api/pods/alpha/logs");
        Assert.Equal(10, ((JArray)defaults["lines"]!).Count);
        var none = await GetJson("api/pods/alpha/logs?lines=0");
        Assert.Empty((JArray)none["lines"]!);

        using (var text = await _web.Client.GetAsync("api/pods/alpha/logs?stream=stderr&lines=2&format=text"))
        {
            Assert.Equal(HttpStatusCode.OK, text.StatusCode);
            Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
            var lines = (await text.Content.ReadAsStringAsync()).Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("err 29 ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("err 30 ", lines[1], StringComparison.Ordinal);
            Assert.Equal("", lines[2]);
        }

        using var accept = new HttpRequestMessage(HttpMethod.Get, "api/pods/alpha/logs?lines=1");
        accept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using (var byAccept = await _web.Client.SendAsync(accept))
        {
            Assert.Equal("text/plain", byAccept.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("out 30 ", await byAccept.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // What a line holds comes back as it was written (escaping is the JSON's, not the line's).
        await File.AppendAllTextAsync(StdoutLog, "quote \" backslash \\ tab \t é ✓\n");
        var odd = await GetJson("api/pods/alpha/logs?lines=1");
        Assert.Equal("quote \" backslash \\ tab \t é ✓", (string?)((JArray)odd["lines"]!)[0]);
    }

    [Fact]
    public async Task Follow_streams_the_tail_then_every_appended_line_as_server_sent_events()
    {
        await Eventually.Until(() => File.Exists(StdoutLog) && File.ReadAllText(StdoutLog).Contains("out 30 ", StringComparison.Ordinal), Cli.Ceiling, "alpha's 30 lines");
        using var stream = await SseStream.OpenAsync(_web.Client, "api/pods/alpha/logs?lines=2&follow=true");
        var head = await stream.NextAsync();
        Assert.Equal("logs", head.Event);
        Assert.Equal("stdout", (string?)JObject.Parse(head.Data)["stream"]);
        Assert.StartsWith("out 29 ", await NextLine(stream), StringComparison.Ordinal);
        Assert.StartsWith("out 30 ", await NextLine(stream), StringComparison.Ordinal);

        await File.AppendAllTextAsync(StdoutLog, "appended one\nappended two\n");
        Assert.Equal("appended one", await NextLine(stream));
        Assert.Equal("appended two", await NextLine(stream));
    }

    [Fact]
    public async Task A_log_follower_that_reads_nothing_costs_the_daemon_bounded_memory_and_loses_nothing()
    {
        await Eventually.Until(() => File.Exists(StdoutLog) && File.ReadAllText(StdoutLog).Contains("out 30 ", StringComparison.Ordinal), Cli.Ceiling, "alpha's 30 lines");
        using var stream = await SseStream.OpenAsync(_web.Client, "api/pods/alpha/logs?lines=0&follow=true");
        Assert.Equal("logs", (await stream.NextAsync()).Event);
        var before = Rss(_web.Daemon.Pid);

        // 48 MiB of numbered 1 KiB lines, six times the backlog bound (subscriber_backlog_bytes, 8 MiB), while the
        // client reads nothing.
        const int count = 48 * 1024;
        var filler = new string('y', 1017);
        await using (var log = new StreamWriter(new FileStream(StdoutLog, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), bufferSize: 1 << 20))
        {
            for (var i = 0; i < count; i++)
                await log.WriteAsync($"{i:D6} {filler}\n");
        }

        // The daemon reads the file only as far as the bound ahead of what the client was written; without the bound it
        // would hold the whole file (and its lines twice over as strings).
        var peak = before;
        var window = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < window)
        {
            peak = Math.Max(peak, Rss(_web.Daemon.Pid));
            await Task.Delay(100);
        }

        Assert.True(peak - before < 40L << 20, $"the daemon grew {(peak - before) >> 20} MiB while a follower of a 48 MiB file read nothing");

        // Then the client reads: every line, in order, none lost.
        for (var i = 0; i < count; i++)
        {
            string line;
            try
            {
                line = await NextLine(stream);
            }
            catch (OperationCanceledException e)
            {
                Assert.Fail($"line {i} of {count} did not come: {e.Message}\n--- daemon\n{_web.Daemon.Stderr}");
                throw;
            }

            if (!line.StartsWith($"{i:D6} ", StringComparison.Ordinal))
                Assert.Fail($"line {i}: got {line[..Math.Min(12, line.Length)]}");
        }
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    [Fact]
    public async Task Log_refusals_are_problem_details_with_the_control_codes()
    {
        await _web.StartStrangerAsync("stranger");
        await AssertProblem(await _web.Client.GetAsync("api/pods/ghost/logs"), 404, "unknown_pod");
        await AssertProblem(await _web.Client.GetAsync("api/pods/ghost/logs?follow=true"), 404, "unknown_pod");
        await AssertProblem(await _web.Client.GetAsync("api/pods/stranger/logs"), 409, "not_managed", "not managed by this supervisor");
        await AssertProblem(await _web.Client.GetAsync("api/pods/stranger/logs?follow=true"), 409, "not_managed");
        await AssertProblem(await _web.Client.GetAsync("api/pods/alpha/logs?stream=both"), 400, "invalid_request", "\"stream\" must be");
        await AssertProblem(await _web.Client.GetAsync("api/pods/alpha/logs?lines=-1"), 400, "invalid_request", "\"lines\" must be");
        await AssertProblem(await _web.Client.GetAsync("api/pods/alpha/logs?lines=100001"), 400, "invalid_request", "\"lines\" must be");
        await AssertProblem(await _web.Client.GetAsync("api/pods/alpha/logs?follow=maybe"), 400, "invalid_request", "\"follow\"");
        await AssertProblem(await _web.Client.GetAsync("api/pods/alpha/logs?format=xml"), 400, "invalid_request", "\"format\"");
        await AssertProblem(await _web.Anonymous.GetAsync("api/pods/alpha/logs"), 401, "denied");
    }

    private static async Task<string> NextLine(SseStream stream)
    {
        var next = await stream.NextAsync();
        Assert.True(next.Event == "log_line", $"{next.Event}: {next.Data}");
        return (string)JObject.Parse(next.Data)["line"]!;
    }

    private async Task<JObject> GetJson(string path)
    {
        using var response = await _web.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JObject.Parse(body);
    }

    internal static async Task AssertProblem(HttpResponseMessage response, int status, string code, string? detail = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JObject.Parse(body);
            Assert.Equal(code, (string?)problem["code"]);
            Assert.Equal($"urn:yoi:error:{code}", (string?)problem["type"]);
            if (detail is not null)
                Assert.Contains(detail, (string?)problem["detail"]);
        }
    }
}
