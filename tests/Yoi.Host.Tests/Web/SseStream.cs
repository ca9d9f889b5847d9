using System.Net;

namespace Yoi.Host.Tests.Web;

/// <summary>Reads server-sent events from a response, one event (its name and data) at a time.</summary>
public sealed class SseStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _ceiling = new(Cli.Ceiling);

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseStream> OpenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        // The body is read only when it is a problem: a stream's never ends.
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    public async Task<(string Event, string Data)> NextAsync()
    {
        string? name = null;
        string? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(_ceiling.Token) ?? throw new EndOfStreamException("the stream ended");
            if (line.Length == 0)
            {
                if (name is not null || data is not null)
                    return (name ?? "message", data ?? "");
                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
        _ceiling.Dispose();
    }
}
