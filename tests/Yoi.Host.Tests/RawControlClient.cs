using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Yoi.Host.Tests;

/// <summary>A raw control-protocol client: bytes on a Unix socket, nothing from the product. Lines are read as strings
/// (fast enough to drain a flood) and parsed only when the test asks for an object.</summary>
public sealed class RawControlClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private byte[] _buffer = new byte[1024 * 1024];
    private int _start;
    private int _end;

    public RawControlClient(string path) => _socket.Connect(new UnixDomainSocketEndPoint(path));

    public Socket Socket => _socket;

    /// <summary>One line; the terminator is added.</summary>
    public Task SendAsync(string line) => WriteAsync(line + "\n");

    /// <summary>Text as it is (any number of lines, terminators included), all of it.</summary>
    public async Task WriteAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var sent = 0; sent < bytes.Length;)
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
    }

    public void HalfClose() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next line as an object; null at end of stream.</summary>
    public async Task<JObject?> ReadAsync(TimeSpan? timeout = null) =>
        await ReadLineAsync(timeout) is { } line ? JObject.Parse(line) : null;

    /// <summary>Reads until a line with <c>"event": name</c>.</summary>
    public async Task<JObject> ReadUntilAsync(string eventName)
    {
        while (true)
        {
            var line = await ReadAsync() ?? throw new Xunit.Sdk.XunitException($"connection closed before a {eventName} line");
            if ((string?)line["event"] == eventName) return line;
        }
    }

    /// <summary>The next line; null at end of stream.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        CancellationTokenSource? cts = null;
        try
        {
            while (true)
            {
                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, newline);
                    _start += newline + 1;
                    return line;
                }

                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                cts ??= new CancellationTokenSource(timeout ?? Cli.Ceiling);
                var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cts.Token);
                if (n == 0)
                    return null;
                _end += n;
            }
        }
        finally
        {
            cts?.Dispose();
        }
    }

    public void Dispose() => _socket.Dispose();
}
