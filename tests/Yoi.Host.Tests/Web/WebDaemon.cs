using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests.Web;

/// <summary>A simulated fleet supervised by a real <c>run --http</c> daemon on a loopback port, with an HTTP client that
/// carries its token. Disposing stops the daemon and the fleet.</summary>
public sealed class WebDaemon : IAsyncDisposable
{
    private WebDaemon(SimulatedFleetFixture fleet, int periodMs)
    {
        Fleet = fleet;
        PeriodMs = periodMs;
    }

    public SimulatedFleetFixture Fleet { get; }

    public int PeriodMs { get; }

    public CliProcess Daemon { get; private set; } = null!;

    public Uri Url { get; private set; } = null!;

    public string Token { get; private set; } = "";

    /// <summary>A client that sends the bearer token.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client with no credential.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public int Port { get; private set; }

    public static async Task<WebDaemon> StartAsync(IEnumerable<PodSpec> pods, int periodMs = 300, bool fixedPort = false)
    {
        var fleet = await SimulatedFleetFixture.StartAsync(pods);
        var daemon = new WebDaemon(fleet, periodMs);
        try
        {
            await daemon.StartDaemonAsync(fixedPort ? FreePort() : 0);
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    /// <summary>Stops the daemon with SIGTERM and waits for its exit 0.</summary>
    public async Task StopDaemonAsync()
    {
        Daemon.Signal(Native.SigTerm);
        var result = await Daemon.WaitAsync(Cli.Ceiling);
        Assert.True(result.ExitCode == 0, result.ToString());
        await Daemon.DisposeAsync();
    }

    /// <summary>Starts the daemon again on the same port.</summary>
    public Task RestartDaemonAsync() => StartDaemonAsync(Port);

    private async Task StartDaemonAsync(int port)
    {
        var urlFile = Path.Combine(Fleet.RuntimeDir, "supervisor.http");
        Daemon = CliProcess.Start("run", "--runtime-dir", Fleet.RuntimeDir, "--period-ms", PeriodMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--timeout-ms", "1000", "--http", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Eventually.Until(() => File.Exists(urlFile) && File.ReadAllText(urlFile).Trim().Length > 0 || Daemon.HasExited, Cli.Ceiling, "the daemon writes supervisor.http");
        Assert.False(Daemon.HasExited, Daemon.Stderr);
        Url = new Uri(File.ReadAllText(urlFile).Trim() + "/");
        Port = Url.Port;
        Token = File.ReadAllText(Path.Combine(Fleet.RuntimeDir, "supervisor.token")).Trim();
        Client?.Dispose();
        Anonymous?.Dispose();
        Client = new HttpClient { BaseAddress = Url, Timeout = Cli.Ceiling };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Anonymous = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Url, Timeout = Cli.Ceiling };
        // Ready: the supervisor has read the registry and probed once.
        await Eventually.Until(() => Ready().GetAwaiter().GetResult(), Cli.Ceiling, "readyz");
    }

    private async Task<bool> Ready()
    {
        try
        {
            using var response = await Client.GetAsync("readyz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A one-time login address from the real <c>dashboard</c> command.</summary>
    public async Task<string> LoginUrlAsync()
    {
        var result = await Cli.RunAsync("dashboard", "--runtime-dir", Fleet.RuntimeDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (Daemon is not null)
            await Daemon.DisposeAsync();
        await Fleet.DisposeAsync();
    }
}
