using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Tests.Simulation;

/// <summary>A plain Unix socket client reading JSON lines — no codecs, no mocks. Every wait has a ceiling.</summary>
internal sealed class RawClient : IDisposable
{
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(10);

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly List<byte> _pending = [];
    private readonly Queue<string> _lines = new();
    private bool _eof;

    private RawClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// <summary>Bytes received but not yet returned as a line (a partial line).</summary>
    public int PendingBytes => _pending.Count;

    public byte[] PendingCopy => [.. _pending];

    public static async Task<RawClient> ConnectAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawClient(socket);
    }

    /// <summary>One method line with a single write (a real pod can lose a line written in pieces).</summary>
    public void Send(string line) => Socket.Send(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>The next line; null at EOF; <see cref="TimeoutException"/> when nothing completes a line in time.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Ceiling);
        while (_lines.Count == 0)
        {
            if (_eof)
            {
                return null;
            }

            try
            {
                await FillAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no complete line within {(timeout ?? Ceiling).TotalMilliseconds} ms ({_pending.Count} bytes pending)");
            }
        }

        return _lines.Dequeue();
    }

    public async Task<JObject> ReadEventAsync(TimeSpan? timeout = null)
    {
        var line = await ReadLineAsync(timeout) ?? throw new EndOfStreamException("connection closed while an event was expected");
        return Parse(line);
    }

    /// <summary>Events up to and including the first one <paramref name="last"/> accepts.</summary>
    public async Task<List<JObject>> ReadUntilAsync(Func<JObject, bool> last, TimeSpan? timeout = null)
    {
        var events = new List<JObject>();
        using var cts = new CancellationTokenSource(timeout ?? Ceiling);
        while (true)
        {
            var e = await ReadEventAsync(timeout ?? Ceiling);
            events.Add(e);
            if (last(e))
            {
                return events;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException("the expected event did not come; got: " + string.Join(" ", events.Select(Name)));
            }
        }
    }

    /// <summary>True when no byte arrives within <paramref name="window"/> (a receive with a deadline, not a sleep).</summary>
    public async Task<bool> QuietForAsync(TimeSpan window)
    {
        if (_lines.Count > 0 || _eof)
        {
            return false;
        }

        var before = _pending.Count;
        using var cts = new CancellationTokenSource(window);
        try
        {
            await FillAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return _pending.Count == before;
        }
    }

    /// <summary>Receives until at least <paramref name="count"/> bytes are pending without a line end, or a line completes.</summary>
    public async Task FillPendingAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Ceiling);
        while (_pending.Count < count && _lines.Count == 0 && !_eof)
        {
            await FillAsync(cts.Token);
        }
    }

    /// <summary>Reads and discards until EOF; the lines read are returned.</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var lines = new List<string>();
        while (await ReadLineAsync(timeout) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    public static JObject Parse(string line)
    {
        using var reader = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None };
        return JObject.Load(reader);
    }

    public static string Name(JObject e) => (string)e["event"]!;

    public void Dispose() => Socket.Dispose();

    private async Task FillAsync(CancellationToken token)
    {
        int n;
        try
        {
            n = await Socket.ReceiveAsync(_buffer, SocketFlags.None, token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            n = 0;
        }

        if (n == 0)
        {
            _eof = true;
            if (_pending.Count > 0)
            {
                // A last line without \n is still a line.
                _lines.Enqueue(Encoding.UTF8.GetString([.. _pending]));
                _pending.Clear();
            }

            return;
        }

        for (var i = 0; i < n; i++)
        {
            if (_buffer[i] == (byte)'\n')
            {
                _lines.Enqueue(Encoding.UTF8.GetString([.. _pending]));
                _pending.Clear();
            }
            else
            {
                _pending.Add(_buffer[i]);
            }
        }
    }
}
