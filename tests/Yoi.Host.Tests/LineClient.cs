using System.Net.Sockets;
using System.Text;

namespace Yoi.Host.Tests;

/// <summary>A fast raw control client (lines as strings) for stream tests: lines as strings, parsed only by the test when it needs to.</summary>
public sealed class LineClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly byte[] _buffer = new byte[256 * 1024];
    private readonly List<byte> _partial = [];
    private readonly Queue<string> _lines = new();

    public LineClient(string path) => _socket.Connect(new UnixDomainSocketEndPoint(path));

    public Socket Socket => _socket;

    public async Task WriteAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var sent = 0; sent < bytes.Length;)
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
    }

    public void HalfClose() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next line; null at end of stream.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Cli.Ceiling);
        while (_lines.Count == 0)
        {
            var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cts.Token);
            if (n == 0)
                return null;
            var start = 0;
            for (var i = 0; i < n; i++)
            {
                if (_buffer[i] != (byte)'\n')
                    continue;
                _partial.AddRange(new ArraySegment<byte>(_buffer, start, i - start));
                _lines.Enqueue(Encoding.UTF8.GetString(_partial.ToArray()));
                _partial.Clear();
                start = i + 1;
            }

            _partial.AddRange(new ArraySegment<byte>(_buffer, start, n - start));
        }

        return _lines.Dequeue();
    }

    public void Dispose() => _socket.Dispose();
}
