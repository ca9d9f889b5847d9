using System.Diagnostics;
using Yoi.Actors.Registry;

namespace Yoi.Simulation;

/// <summary>
/// A set of <see cref="SimulatedPod"/>s laid out like real ones: <c>&lt;runtime_dir&gt;/&lt;name&gt;/sock</c> (directories 0700)
/// and registered in <c>&lt;runtime_dir&gt;/pods.json</c>. <see cref="DisposeAsync"/> unregisters and disposes them all.
/// </summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Dictionary<string, SimulatedPod> _byName;
    private int _disposed;

    private SimulatedFleet(string runtimeDir, SimulationOptions options, List<SimulatedPod> pods, int? deadPid)
    {
        RuntimeDir = runtimeDir;
        RegistryPath = RegistryPathIn(runtimeDir, options);
        Options = options;
        Pods = pods;
        DeadPid = deadPid;
        _byName = pods.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public string RuntimeDir { get; }

    private static string RegistryPathIn(string runtimeDir, SimulationOptions options) =>
        PodRegistry.PathIn(runtimeDir, options.Worker ? RegistryFlavor.Workers : RegistryFlavor.Pods);

    /// <summary><c>&lt;runtime_dir&gt;/pods.json</c>, or <c>workers.json</c> for the worker dialect (written only when <see cref="SimulationOptions.Register"/>).</summary>
    public string RegistryPath { get; }

    public SimulationOptions Options { get; }

    public IReadOnlyList<SimulatedPod> Pods { get; }

    /// <summary>The exited process's pid the <see cref="PodMode.Stale"/> pods are registered with; null without stale pods.</summary>
    public int? DeadPid { get; }

    public SimulatedPod this[string name] =>
        _byName.TryGetValue(name, out var pod) ? pod : throw new KeyNotFoundException($"no simulated pod named '{name}'");

    public bool TryGet(string name, out SimulatedPod? pod) => _byName.TryGetValue(name, out pod);

    /// <summary>Where a pod of this fleet listens: <c>&lt;runtime_dir&gt;/&lt;name&gt;/sock</c>.</summary>
    public static string SocketPathFor(string runtimeDir, string podName) => Path.Combine(runtimeDir, podName, "sock");

    /// <summary>One pod per fault mode, named by its wire name (<c>silent</c>, <c>partial-line</c>, …), plus <paramref name="normalCount"/> normal pods <c>normal-1</c>….</summary>
    public static IReadOnlyList<PodSpec> FaultFleet(int normalCount = 1) =>
        [.. PodModes.Faults.Select(m => new PodSpec(m.WireName(), m)), .. Uniform(normalCount, PodMode.Normal, "normal-")];

    /// <summary><paramref name="count"/> pods of one mode named <c>&lt;prefix&gt;1</c>… (the CLI's <c>--pods N --mode MODE</c>).</summary>
    public static IReadOnlyList<PodSpec> Uniform(int count, PodMode mode, string prefix = "sim-")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. Enumerable.Range(1, count).Select(i => new PodSpec(prefix + i, mode))];
    }

    /// <summary>
    /// Starts every pod (socket listening before it is registered, so a registered pod is always reachable as its mode says).
    /// On failure, whatever was started is unregistered and disposed before the exception propagates.
    /// </summary>
    public static async Task<SimulatedFleet> StartAsync(string runtimeDir, IEnumerable<PodSpec> pods, SimulationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runtimeDir);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the pod simulator needs Unix directory modes");
        }

        options ??= SimulationOptions.Default;
        options.Validate();
        var specs = pods.ToList();
        foreach (var spec in specs)
        {
            ValidateName(spec.Name);
        }

        var duplicate = specs.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"pod name '{duplicate.Key}' appears more than once");
        }

        runtimeDir = Path.GetFullPath(runtimeDir);
        Directory.CreateDirectory(runtimeDir, PrivateDirectory);
        int? deadPid = specs.Any(s => s.Mode.Behaviour().RegistersExitedProcess) ? await SpawnDeadPidAsync().ConfigureAwait(false) : null;
        var registryPath = RegistryPathIn(runtimeDir, options);
        var started = new List<SimulatedPod>();
        var fleet = new SimulatedFleet(runtimeDir, options, started, deadPid);
        try
        {
            foreach (var spec in specs)
            {
                Directory.CreateDirectory(Path.Combine(runtimeDir, spec.Name), PrivateDirectory);
                var pid = spec.Mode.Behaviour().RegistersExitedProcess ? deadPid!.Value : Environment.ProcessId;
                var pod = SimulatedPod.Start(spec.Name, SocketPathFor(runtimeDir, spec.Name), spec.Mode, options, pid,
                    options.Register ? registryPath : null);
                started.Add(pod);
                fleet._byName[pod.Name] = pod;
                if (options.Register)
                {
                    PodRegistry.Register(registryPath, PodAllocation.Of(pod.Name, pod.Pid, pod.SocketPath));
                }
            }
        }
        catch
        {
            await fleet.DisposeCoreAsync(throwOnFailure: false).ConfigureAwait(false);
            throw;
        }

        return fleet;
    }

    /// <summary>Unregisters every pod, then disposes it and removes its (then empty) directory. Throws an <see cref="AggregateException"/> after cleaning up everything if some step failed.</summary>
    public ValueTask DisposeAsync() => DisposeCoreAsync(throwOnFailure: true);

    private async ValueTask DisposeCoreAsync(bool throwOnFailure)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var failures = new List<Exception>();
        foreach (var pod in Pods)
        {
            if (pod.RegistryPath is not null)
            {
                try
                {
                    // False when the pod already unregistered itself on a shutdown method.
                    PodRegistry.Unregister(pod.RegistryPath, pod.Name);
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            }
        }

        // In parallel: a pod's disposal awaits its connections' loops.
        await Task.WhenAll(Pods.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (var pod in Pods)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(pod.SocketPath)!, recursive: false);
            }
            catch (IOException)
            {
                // Not empty (someone else's files) or already gone: leave it.
            }
        }

        if (throwOnFailure && failures.Count > 0)
        {
            throw new AggregateException("simulated fleet cleanup failed", failures);
        }
    }

    private static void ValidateName(string name)
    {
        // Names become path segments, and the registry would refuse them later anyway: fail before creating anything.
        if (PodNames.Validate(name) is { } reason)
        {
            throw new ArgumentException(reason);
        }
    }

    /// <summary>A pid that certainly belonged to a process which has exited: spawn <c>true</c> and reap it.</summary>
    private static async Task<int> SpawnDeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start `true` to obtain a dead pid");
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.Id;
    }
}
