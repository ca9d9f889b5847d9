using System.Net.Sockets;
using System.Text;
using Yoi.Benchmarks.Baselines;

namespace Yoi.Benchmarks.Product;

/// <summary>
/// A raw control client of a running daemon: sends <c>watch</c> for one pod on <c>supervisor.sock</c> and reads as fast
/// as it can, counting newlines only (one per <c>pod_event</c>, after the <c>attached</c> reply), so what is measured is
/// the daemon's session and its control connection, not a client's decoding.
/// </summary>
public sealed class DaemonWatchReader(Counter counter, int bufferSize)
{
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the <c>attached</c> reply (the daemon is connected to the pod); fails on any other first line.</summary>
    public Task Attached => _attached.Task;

    public async Task RunAsync(string controlSocket, string pod, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(controlSocket), stop).ConfigureAwait(false);
        var request = Encoding.UTF8.GetBytes($"{{\"method\":\"watch\",\"params\":{{\"pod\":\"{pod}\"}}}}\n");
        await socket.SendAsync(request, SocketFlags.None, stop).ConfigureAwait(false);
        var buffer = new byte[bufferSize];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
                if (n == 0)
                {
                    counter.AddDetached();
                    _attached.TrySetException(new InvalidOperationException("the daemon closed the connection before `attached`"));
                    break;
                }

                var chunk = buffer.AsSpan(0, n);
                if (!_attached.Task.IsCompleted)
                {
                    // The reply is the first line, short, and (the client having written nothing else) alone at the start.
                    var end = chunk.IndexOf((byte)'\n');
                    if (end < 0)
                        continue;
                    var reply = Encoding.UTF8.GetString(chunk[..end]);
                    if (!reply.Contains("\"event\":\"attached\"", StringComparison.Ordinal))
                    {
                        _attached.TrySetException(new InvalidOperationException($"watch {pod}: {reply}"));
                        break;
                    }

                    _attached.TrySetResult();
                    chunk = chunk[(end + 1)..];
                }

                counter.AddEvents(chunk.Count((byte)'\n'));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _attached.TrySetCanceled(stop);
        }
    }
}
