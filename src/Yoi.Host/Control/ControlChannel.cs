using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Yoi.Actors.Framing;

namespace Yoi.Host.Control;

/// <summary>The CLI's end of a control connection (to the daemon, or to an in-process supervisor through a socket pair).
/// Owned by the command that opened it and disposed by it.</summary>
public sealed class ControlChannel : IDisposable
{
    private readonly Socket _socket;
    private readonly LineFramer _framer;
    private readonly LineCollector _sink = new();
    private readonly Queue<CollectedLine> _lines = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private bool _eof;

    public ControlChannel(Socket socket, int maxLineBytes = LineFramer.DefaultMaxLineBytes)
    {
        _socket = socket;
        _framer = new LineFramer(maxLineBytes);
    }

    /// <summary>Connects to a daemon's control socket; null when nobody listens there (no file, or a stale one).</summary>
    public static ControlChannel? TryConnect(string path)
    {
        if (!File.Exists(path)) return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return new ControlChannel(socket);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            socket.Dispose();
            return null;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new CliException(ExitCodes.SupervisorUnavailable, $"cannot connect to the supervisor at {path}: {e.Message}");
        }
    }

    /// <summary>Writes one line (the terminator is added) in a single send call sequence.</summary>
    public async Task SendLineAsync(string line, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        var sent = 0;
        try
        {
            while (sent < bytes.Length)
                sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new CliException(ExitCodes.SupervisorUnavailable, $"lost the connection to the supervisor: {e.Message}");
        }
    }

    /// <summary>The next reply or event; null when the supervisor closed the connection.</summary>
    public async Task<JObject?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_lines.TryDequeue(out var next))
            {
                if (next.Line is null) continue;
                try
                {
                    return ControlJson.ParseObject(next.Line);
                }
                catch (JsonException e)
                {
                    throw new CliException(ExitCodes.SupervisorUnavailable, $"the supervisor sent an unreadable line: {e.Message}");
                }
            }

            if (_eof) return null;
            int n;
            try
            {
                n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, ct).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                n = 0;
            }

            if (n == 0)
            {
                _eof = true;
                _framer.Complete(_sink);
            }
            else if (_framer.Push(_buffer.AsSpan(0, n), _sink) is { } tooLong)
            {
                throw new CliException(ExitCodes.SupervisorUnavailable, $"the supervisor sent a {tooLong}");
            }

            foreach (var line in _sink.Take()) _lines.Enqueue(line);
        }
    }

    public void Dispose() => _socket.Dispose();
}
