using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Yoi.Host.Control;

namespace Yoi.Host.Hosting;

/// <summary>A control connection to "the supervisor": the daemon of the runtime dir when one runs, else a supervisor
/// hosted in this process for as long as the link lives.</summary>
public sealed class SupervisorLink : IAsyncDisposable
{
    private readonly IHost? _host;

    private SupervisorLink(ControlChannel channel, IHost? host)
    {
        Channel = channel;
        _host = host;
    }

    public ControlChannel Channel { get; }

    /// <summary>True when a daemon answers; false when the supervisor runs in this process.</summary>
    public bool ThroughDaemon => _host is null;

    /// <remarks>No warm-up: the supervisor holds every request back until it has read the registry.</remarks>
    public static async Task<SupervisorLink> OpenAsync(IConfiguration configuration, SupervisorOptions options, string runtimeDir, CancellationToken ct)
    {
        var daemon = ControlChannel.TryConnect(ControlPaths.SocketIn(runtimeDir));
        if (daemon is not null) return new SupervisorLink(daemon, null);

        var host = SupervisorHost.Build(configuration, runtimeDir, listener: null, daemon: false);
        try
        {
            await host.StartAsync(ct).ConfigureAwait(false);
            var socket = await SupervisorHost.ConnectInProcessAsync(host, ct).ConfigureAwait(false);
            return new SupervisorLink(new ControlChannel(socket, options.MaxLineBytes), host);
        }
        catch
        {
            await StopAsync(host).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (_host is not null) await StopAsync(_host).ConfigureAwait(false);
    }

    private static async Task StopAsync(IHost host)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await host.StopAsync(deadline.Token).ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
        }
    }
}
