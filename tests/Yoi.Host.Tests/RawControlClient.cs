using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Yoi.Host.Tests;

/// <summary>A raw control-protocol client: bytes on a Unix socket, nothing from the product.</summary>
public sealed class RawControlClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    public RawControlClient(string path)
    {
        _socket.Connect(new UnixDomainSocketEndPoint(path));
    }

    public Socket Socket => _socket;

    public Task SendAsync(string line) => _socket.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), SocketFlags.None);

    /// <summary>The next line as an object; null at end of stream.</summary>
    public async Task<JObject?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Cli.Ceiling);
        while (true)
        {
            var text = _pending.ToString();
            var nl = text.IndexOf('\n', StringComparison.Ordinal);
            if (nl >= 0)
            {
                _pending.Remove(0, nl + 1);
                return JObject.Parse(text[..nl]);
            }

            var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cts.Token);
            if (n == 0) return null;
            _pending.Append(Encoding.UTF8.GetString(_buffer, 0, n));
        }
    }

    /// <summary>Reads until a line with <c>"event": name</c>.</summary>
    public async Task<JObject> ReadUntilAsync(string eventName)
    {
        while (true)
        {
            var line = await ReadAsync() ?? throw new Xunit.Sdk.XunitException($"connection closed before a {eventName} line");
            if ((string?)line["event"] == eventName) return line;
        }
    }

    public void Dispose() => _socket.Dispose();
}
