using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;

namespace Yoi.Simulation;

/// <summary>
/// One simulated pod as a process of its own, laid out and behaving as the runtime's <c>yoi pod</c> does for a
/// supervisor that manages it: its socket at <c>&lt;runtime_dir&gt;/&lt;name&gt;/sock</c> (listening before it is
/// registered), registered under this process's pid in <c>pods.json</c> or <c>workers.json</c> per dialect, the ready
/// line <c>YOI-READY\t&lt;name&gt;\t&lt;socket&gt;</c> on stderr, and on Ctrl-C (the caller's token) or a
/// <c>shutdown</c> method: unregistered, socket removed, done. <see cref="RunAsync"/> is the whole life;
/// <see cref="StartAsync"/> and the members let a test pod misbehave between the steps.
/// </summary>
public sealed class SinglePodProcess : IAsyncDisposable
{
    private readonly SimulatedPod _pod;
    private int _disposed;

    private SinglePodProcess(string name, string runtimeDir, string registryPath, SimulatedPod pod)
    {
        Name = name;
        RuntimeDir = runtimeDir;
        RegistryPath = registryPath;
        _pod = pod;
    }

    public string Name { get; }

    public string RuntimeDir { get; }

    public string RegistryPath { get; }

    public string SocketPath => _pod.SocketPath;

    /// <summary>Completes when a <c>shutdown</c> method has been handled (the pod unregistered itself and removed its socket).</summary>
    public Task ShutdownRequested => _pod.Stopped;

    /// <summary>The whole life of a managed simulated pod: start, ready line, serve until <paramref name="cancel"/>
    /// (wire it to SIGINT) or a <c>shutdown</c> method, clean up. Returns the exit code (0).</summary>
    public static async Task<int> RunAsync(string name, string runtimeDir, Dialect dialect, PodMode mode, CancellationToken cancel,
        TextWriter? stderr = null)
    {
        await using var pod = await StartAsync(name, runtimeDir, dialect, mode).ConfigureAwait(false);
        pod.WriteReadyLine(stderr ?? Console.Error);
        await Task.WhenAny(pod.ShutdownRequested, Task.Delay(Timeout.Infinite, cancel)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Binds the socket and registers the pod (no ready line yet).</summary>
    public static async Task<SinglePodProcess> StartAsync(string name, string runtimeDir, Dialect dialect, PodMode mode, SimulationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(runtimeDir);
        if (PodNames.Validate(name) is { } reason)
            throw new ArgumentException(reason, nameof(name));
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the pod simulator needs Unix sockets and modes");
        runtimeDir = Path.GetFullPath(runtimeDir);
        const UnixFileMode privateDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(runtimeDir, privateDir);
        Directory.CreateDirectory(Path.Combine(runtimeDir, name), privateDir);
        var registryPath = PodRegistry.PathIn(runtimeDir, dialect == Dialect.Worker ? RegistryFlavor.Workers : RegistryFlavor.Pods);
        options = (options ?? SimulationOptions.Default) with { Dialect = dialect };
        var pod = SimulatedPod.Start(name, SimulatedFleet.SocketPathFor(runtimeDir, name), mode, options, Environment.ProcessId, registryPath);
        try
        {
            PodRegistry.Register(registryPath, PodAllocation.Of(name, Environment.ProcessId, pod.SocketPath));
        }
        catch
        {
            await pod.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new SinglePodProcess(name, runtimeDir, registryPath, pod);
    }

    public void WriteReadyLine(TextWriter stderr)
    {
        stderr.Write($"YOI-READY\t{Name}\t{SocketPath}\n");
        stderr.Flush();
    }

    /// <summary>Stops answering while staying registered and alive: the listening socket is closed and its file
    /// removed (a probe finds it missing), as a pod whose accept loop died would.</summary>
    public ValueTask GoSilentAsync() => _pod.DisposeAsync();

    /// <summary>Unregisters (when still registered) and closes the socket, removing its file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            PodRegistry.Unregister(RegistryPath, Name);
        }
        finally
        {
            await _pod.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(Path.GetDirectoryName(_pod.SocketPath)!, recursive: false);
            }
            catch (IOException)
            {
                // Not empty or already gone.
            }
        }
    }
}
