using System.Net.Sockets;
using System.Text;
using Yoi.Benchmarks.Baselines;

namespace Yoi.Benchmarks.Product;

/// <summary>
/// A raw control client of a running daemon: sends <c>watch</c> for one pod on <c>supervisor.sock</c> and reads as fast
/// as it can, counting newlines only (one per <c>pod_event</c>; the single <c>attached</c> reply is negligible), so what
/// is measured is the daemon's session and its control connection, not a client's decoding.
/// </summary>
public sealed class DaemonWatchReader(Counter counter, int bufferSize)
{
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
                    break;
                }

                counter.AddEvents(buffer.AsSpan(0, n).Count((byte)'\n'));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
