using System.Net.Sockets;
using System.Text;

namespace Yoi.Host.Tests;

/// <summary>A fast raw control client for stream tests: lines as strings, parsed only by the test when it needs to.</summary>
public sealed class LineClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private byte[] _buffer = new byte[1024 * 1024];
    private int _start;
    private int _end;

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
