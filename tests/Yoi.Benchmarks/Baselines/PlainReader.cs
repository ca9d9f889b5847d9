using System.Net.Sockets;
using Yoi.Actors.Framing;
using Yoi.Actors.Protocol;

namespace Yoi.Benchmarks.Baselines;

/// <summary>Counts what a reader delivered; written by one reader, read by the benchmark thread.</summary>
public sealed class Counter
{
    private long _events;
    private long _snapshots;
    private long _detached;

    public long Events => Volatile.Read(ref _events);
    public long Snapshots => Volatile.Read(ref _snapshots);
    public long Detached => Volatile.Read(ref _detached);

    public void AddEvents(long n) => Interlocked.Add(ref _events, n);
    public void AddSnapshot() => Interlocked.Increment(ref _snapshots);
    public void AddDetached() => Interlocked.Increment(ref _detached);
}

/// <summary>
/// The baseline reader: a plain loop — Socket.ReceiveAsync into a buffer → <see cref="LineFramer"/> →
/// <see cref="EventCodec.Decode"/> — with the product's own framer and codec, so the ratio isolates what the actors add.
/// </summary>
public sealed class PlainReader(Counter counter, int bufferSize, int maxLineBytes = LineFramer.DefaultMaxLineBytes) : ILineSink
{
    private long _local;

    public async Task RunAsync(string socketPath, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), stop).ConfigureAwait(false);
        await ReadAsync(socket, stop).ConfigureAwait(false);
    }

    public async Task ReadAsync(Socket socket, CancellationToken stop)
    {
        var framer = new LineFramer(maxLineBytes);
        var buffer = new byte[bufferSize];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
                if (n == 0)
                {
                    framer.Complete(this);
                    break;
                }

                if (framer.Push(buffer.AsSpan(0, n), this) is not null)
                    break;
                if (_local > 0)
                {
                    counter.AddEvents(_local);
                    _local = 0;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        counter.AddDetached();
    }

    public void OnLine(long offset, string line)
    {
        Event decoded;
        try
        {
            decoded = EventCodec.Decode(line);
        }
        catch (ProtocolException)
        {
            return;
        }

        _local++;
        if (decoded.Name == "snapshot")
            counter.AddSnapshot();
    }

    public void OnBadLine(long offset, string reason)
    {
    }
}
