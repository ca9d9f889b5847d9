using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Yoi.Actors.Diagnostics;
using Yoi.Host.Web;

namespace Yoi.Host.Commands;

/// <summary>What <c>run</c> starts beside the supervisor when asked: the HTTP listener (<see cref="WebServer"/>, with the
/// Prometheus endpoint), or, without it, an OTLP exporter alone. The web and OpenTelemetry types are only touched in
/// the methods that build them, so a daemon without <c>--http</c> or <c>otlp_endpoint</c> loads none of them.</summary>
internal sealed class DaemonTelemetry : IAsyncDisposable
{
    private IAsyncDisposable? _web;
    private IDisposable? _meterProvider;

    public async Task StartAsync(IServiceProvider host, WebOptions options, HttpListenAddress? http, string runtimeDir, CancellationToken ct)
    {
        if (http is not null)
            _web = await StartWeb(host, options, http, runtimeDir, ct).ConfigureAwait(false);
        else if (options.OtlpEndpoint is { Length: > 0 } otlp)
            _meterProvider = StartOtlp(otlp);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<IAsyncDisposable> StartWeb(IServiceProvider host, WebOptions options, HttpListenAddress http, string runtimeDir, CancellationToken ct)
    {
        var server = await WebServer.StartAsync(host, options, http, runtimeDir, ct).ConfigureAwait(false);
        var log = (ILoggerFactory)host.GetService(typeof(ILoggerFactory))!;
        log.CreateLogger("Yoi.Supervisor").LogInformation("HTTP API and dashboard on {Url} (run `yoi-supervisor dashboard` for a login link); metrics at {Url}metrics",
            server.Url, server.Url);
        return server;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDisposable StartOtlp(string endpoint) =>
        Sdk.CreateMeterProviderBuilder()
            .AddMeter(SupervisorMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddOtlpExporter(o => o.Endpoint = new Uri(endpoint))
            .Build();

    public async ValueTask DisposeAsync()
    {
        var web = Interlocked.Exchange(ref _web, null);
        if (web is not null)
            await web.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _meterProvider, null)?.Dispose();
    }
}
