using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;
using Yoi.Host.Tests.Managed;
using Yoi.Testing;

namespace Yoi.Host.Tests.Web;

/// <summary>A real <c>run --http 0 --config FILE</c> daemon whose managed pods are tests/Yoi.TestPod processes (their
/// output captured under <see cref="LogDir"/>), with an HTTP client that carries its token; and, on request, a pod the
/// daemon does not manage (<see cref="StartStrangerAsync"/>). Disposing stops everything it started.</summary>
public sealed class ManagedWebDaemon : IAsyncDisposable
{
    private readonly TempRuntimeDir _dir = new();
    private readonly List<Process> _strangers = [];

    private ManagedWebDaemon()
    {
    }

    public string RuntimeDir => _dir.Path;

    public string LogDir => _dir.File("logs");

    public CliProcess Daemon { get; private set; } = null!;

    public Uri Url { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    private Dictionary<string, string> Env => ManagedCliRefusalTests.Isolated(_dir);

    public static string TestPodExe => TestPodBinary.Path;

    /// <summary>Starts the daemon managing <paramref name="pods"/> (name → extra Yoi.TestPod flags) and waits until the
    /// HTTP API answers.</summary>
    public static async Task<ManagedWebDaemon> StartAsync(params (string Name, string[] Flags)[] pods)
    {
        var web = new ManagedWebDaemon();
        try
        {
            await web.StartDaemonAsync(pods);
        }
        catch
        {
            await web.DisposeAsync();
            throw;
        }

        return web;
    }

    private async Task StartDaemonAsync((string Name, string[] Flags)[] pods)
    {
        var podsObject = new JObject();
        foreach (var (name, flags) in pods)
            podsObject[name] = new JObject { ["command"] = new JArray(new[] { TestPodExe, "--name", "{name}" }.Concat(flags)) };
        var config = _dir.File("config.json");
        await File.WriteAllTextAsync(config, new JObject
        {
            ["managed"] = new JObject
            {
                ["defaults"] = new JObject
                {
                    ["log_dir"] = LogDir,
                    ["backoff_initial_ms"] = 100,
                    ["backoff_max_ms"] = 1000,
                    ["stop_grace_ms"] = 5000,
                    ["ready_timeout_ms"] = 30000,
                    // Tests append to the logs themselves: no rotation under them.
                    ["log_max_bytes"] = 1L << 30,
                },
                ["pods"] = podsObject,
            },
        }.ToString());

        var urlFile = _dir.File("supervisor.http");
        Daemon = CliProcess.Start(null, Env, "run", "--runtime-dir", RuntimeDir, "--config", config, "--period-ms", "300", "--timeout-ms", "2000", "--http", "0");
        await Eventually.Until(() => File.Exists(urlFile) && File.ReadAllText(urlFile).Trim().Length > 0 || Daemon.HasExited, Cli.Ceiling, "the daemon writes supervisor.http");
        Assert.False(Daemon.HasExited, Daemon.Stderr);
        Url = new Uri(File.ReadAllText(urlFile).Trim() + "/");
        var token = File.ReadAllText(_dir.File("supervisor.token")).Trim();
        Client = new HttpClient { BaseAddress = Url, Timeout = Cli.Ceiling };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Anonymous = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Url, Timeout = Cli.Ceiling };
    }

    /// <summary>Waits until the fleet shows <paramref name="pod"/> managed and running.</summary>
    public async Task WaitRunningAsync(string pod)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string? last = null;
        while (true)
        {
            using (var response = await Client.GetAsync($"api/pods/{pod}"))
            {
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && (string?)JObject.Parse(last)["managed"]?["state"] == "running")
                    return;
            }

            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{pod} is not running after 90 s: {last}");
            await Task.Delay(100);
        }
    }

    /// <summary>A pod in the registry that the daemon does not manage: a Yoi.TestPod this test starts itself.</summary>
    public async Task StartStrangerAsync(string name)
    {
        var start = new ProcessStartInfo(TestPodExe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--name", name, "--runtime-dir", RuntimeDir })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        _strangers.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + Cli.Ceiling;
        while (true)
        {
            using (var response = await Client.GetAsync($"api/pods/{name}"))
            {
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }

            if (DateTime.UtcNow > deadline || process.HasExited)
                Assert.Fail($"the unmanaged pod {name} is not in the fleet (exited: {process.HasExited})");
            await Task.Delay(100);
        }
    }

    /// <summary>A one-time login address from the real <c>dashboard</c> command.</summary>
    public async Task<string> LoginUrlAsync()
    {
        await using var process = CliProcess.Start(null, Env, "dashboard", "--runtime-dir", RuntimeDir);
        var result = await process.WaitAsync(Cli.Ceiling);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (Daemon is not null)
        {
            // SIGTERM: the daemon stops its managed pods before it exits.
            if (!Daemon.HasExited)
                Daemon.Signal(Native.SigTerm);
            try
            {
                await Daemon.WaitAsync(TimeSpan.FromSeconds(90));
            }
            catch (Xunit.Sdk.XunitException)
            {
                // It was killed (its process tree with it): nothing is left either way.
            }

            await Daemon.DisposeAsync();
        }

        foreach (var process in _strangers)
        {
            if (!process.HasExited)
                process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }

        _dir.Dispose();
    }
}
