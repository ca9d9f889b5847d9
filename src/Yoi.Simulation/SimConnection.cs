using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Yoi.Simulation;

/// <summary>
/// One accepted client. A read loop (methods in) and a write loop (events out, from a bounded queue) share a
/// cancellation source; whichever ends first cancels the other, and <see cref="RunAsync"/> closes the socket
/// only after both have finished, so no operation ever races a disposed socket. What it writes first and whether it
/// answers are its pod's <see cref="Behaviours.PodBehaviour"/>; it counts into the pod's <see cref="PodCounters"/>.
/// </summary>
internal sealed class SimConnection
{
    private const int MaxMethodLineBytes = 16 * 1024 * 1024;

    private readonly PodContext _pod;
    private readonly PodCounters _counters;
    private readonly Action<SimConnection> _onClosed;
    private readonly Socket _socket;
    private readonly Channel<byte[]> _outbound;
    private readonly CancellationTokenSource _cts;
    private readonly TaskCompletionSource _greeted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closing;
    private volatile bool _draining;

    /// <param name="onClosed">Called once, after the socket is closed.</param>
    public SimConnection(PodContext pod, Socket socket, Action<SimConnection> onClosed)
    {
        _pod = pod;
        _counters = pod.Counters;
        _onClosed = onClosed;
        _socket = socket;
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(pod.Options.OutboundQueueLimit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _cts = CancellationTokenSource.CreateLinkedTokenSource(pod.Stopping);
    }

    /// <summary>Completes once the behaviour's greeting was written or queued (never, for a greeting that never ends).</summary>
    public Task Greeted => _greeted.Task;

    /// <summary>Queues one whole line; false when closing, or when the queue is full (slow reader: dropped without an error event).</summary>
    public bool TryEnqueue(byte[] line)
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            return false;
        }

        if (_outbound.Writer.TryWrite(line))
        {
            return true;
        }

        if (!_draining && Close())
        {
            _counters.CountSlowReader();
        }

        return false;
    }

    /// <summary>Graceful close: the write loop sends what is queued, then the connection closes.</summary>
    public void CloseAfterDrain()
    {
        _draining = true;
        _outbound.Writer.TryComplete();
    }

    public async Task RunAsync()
    {
        try
        {
            await Task.WhenAll(ReadLoopAsync(), WriteLoopAsync()).ConfigureAwait(false);
        }
        finally
        {
            _pod.Engine.Unsubscribe(this);
            _greeted.TrySetCanceled();
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Peer already gone.
            }

            _socket.Dispose();
            _cts.Dispose();
            _onClosed(this);
        }
    }

    /// <summary>We close. True for the first closer.</summary>
    private bool Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        CancelQuietly();
        return true;
    }

    /// <summary>The client closed first (EOF, reset, broken pipe): counted as <see cref="SimulatedPod.PeerClosed"/> unless we were already closing.</summary>
    private void PeerGone()
    {
        if (Interlocked.CompareExchange(ref _closing, 1, 0) == 0)
        {
            _counters.CountPeerClosed();
        }

        CancelQuietly();
    }

    private void CancelQuietly()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already fully closed.
        }
    }

    private async Task ReadLoopAsync()
    {
        await Task.Yield();
        var token = _cts.Token;
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        var lines = new List<string>();
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                if (n == 0)
                {
                    // EOF, including a half-close of the client's write side: a pod then closes the connection.
                    PeerGone();
                    return;
                }

                Split(buffer.AsSpan(0, n), pending, lines);
                if (pending.Length > MaxMethodLineBytes)
                {
                    Close();
                    return;
                }

                foreach (var line in lines)
                {
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    _counters.CountMethod(line);
                    await _pod.Behaviour.AnswerAsync(this, _pod, line, token).ConfigureAwait(false);
                }

                lines.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // We are closing.
        }
        catch (SocketException)
        {
            PeerGone();
        }
    }

    private static void Split(ReadOnlySpan<byte> chunk, MemoryStream pending, List<string> lines)
    {
        while (true)
        {
            var nl = chunk.IndexOf((byte)'\n');
            if (nl < 0)
            {
                pending.Write(chunk);
                return;
            }

            if (pending.Length == 0)
            {
                lines.Add(Encoding.UTF8.GetString(chunk[..nl]));
            }
            else
            {
                pending.Write(chunk[..nl]);
                lines.Add(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length));
                pending.SetLength(0);
            }

            chunk = chunk[(nl + 1)..];
        }
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        var token = _cts.Token;
        try
        {
            await _pod.Behaviour.GreetAsync(this, _pod, token).ConfigureAwait(false);
            _greeted.TrySetResult();

            // Only conversing modes queue anything: for the others this just waits for the close.
            // What is queued goes out in one write (up to 64 KiB), as a buffered writer would: the writer keeps up with
            // the engine, and a slow reader shows as a full socket, not as per-line write costs.
            var batch = new MemoryStream(64 * 1024);
            while (await _outbound.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                batch.SetLength(0);
                var lines = 0;
                while (batch.Length < 64 * 1024 && _outbound.Reader.TryRead(out var line))
                {
                    batch.Write(line);
                    lines++;
                }

                await SendAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length), token, lines).ConfigureAwait(false);
            }

            Close();
        }
        catch (OperationCanceledException)
        {
            // We or the read loop are closing.
        }
        catch (SocketException)
        {
            PeerGone();
        }
    }

    /// <summary>Writes <paramref name="data"/> straight to the socket (for greetings; everything else goes through the queue), counting <paramref name="countLines"/> events.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken token, int countLines = 1)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None, token).ConfigureAwait(false);
            data = data[sent..];
        }

        _counters.CountEventsWritten(countLines);
    }
}
