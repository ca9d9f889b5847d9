using System.Threading.Channels;
using Akka.Actor;
using Yoi.Host.Control;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Web;

/// <summary>The handler's side of one <see cref="HttpBridgeActor"/>: reads the control lines it renders, reports what
/// was written, and stops it when disposed (the request ends, or the client went away).</summary>
internal sealed class Exchange : IAsyncDisposable
{
    private static long _next;

    private readonly ActorSystem _system;
    private readonly Channel<ReadOnlyMemory<byte>> _channel;
    private readonly IActorRef _bridge;

    private Exchange(ActorSystem system, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig, ControlRequest request)
    {
        _system = system;
        // Unbounded as a channel: the bridge bounds it in bytes (a stream past the backlog bound is detached lagged).
        _channel = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleWriter = true });
        _bridge = system.ActorOf(HttpBridgeActor.Props(request, supervisor, limits, _channel.Writer, managedConfig), $"http-{Interlocked.Increment(ref _next)}");
    }

    public static Exchange Open(WebContext web, ControlRequest request) => new(web.System, web.Supervisor, web.Limits, web.ManagedConfig, request);

    /// <summary>The next chunk of whole lines, or null when the request has ended. With <paramref name="idle"/>, an empty
    /// chunk when nothing came for that long (a stream's keep-alive).</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(CancellationToken ct, TimeSpan? idle = null)
    {
        var reader = _channel.Reader;
        while (true)
        {
            if (reader.TryRead(out var chunk))
                return chunk;
            if (idle is null)
            {
                if (!await reader.WaitToReadAsync(ct).ConfigureAwait(false))
                    return null;
                continue;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(idle.Value);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    return null;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return ReadOnlyMemory<byte>.Empty;
            }
        }
    }

    /// <summary>A chunk that is there already, without waiting (a stream's handler batches what came meanwhile).</summary>
    public bool TryRead(out ReadOnlyMemory<byte> chunk) => _channel.Reader.TryRead(out chunk);

    /// <summary>The reply: the first line of the first chunk, or null when the request ended without one.</summary>
    public async ValueTask<ControlLine?> ReplyAsync(CancellationToken ct)
    {
        if (await ReadAsync(ct).ConfigureAwait(false) is not { } chunk)
            return null;
        Written(chunk.Length);
        foreach (var line in ControlLine.Split(chunk))
            return line;
        return null;
    }

    public void Written(int bytes)
    {
        if (bytes > 0)
            _bridge.Tell(new HttpBridgeActor.Written(bytes));
    }

    public ValueTask DisposeAsync()
    {
        _system.Stop(_bridge);
        return ValueTask.CompletedTask;
    }
}
