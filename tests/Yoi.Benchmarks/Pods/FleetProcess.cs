using System.Diagnostics;
using Yoi.Benchmarks.Infra;

namespace Yoi.Benchmarks.Pods;

/// <summary>
/// A pod fleet in a separate process: the host's <c>yoi-supervisor simulate</c> or this binary's own <c>fleet</c>
/// sub-command, in a fresh runtime directory. Ready when pods.json lists every pod; killed (with its process tree) on
/// dispose, on Ctrl-C and at process exit, and its runtime directory removed.
/// </summary>
public sealed class FleetProcess : IAsyncDisposable
{
    private static readonly List<FleetProcess> Live = [];
    private readonly Process? _process;
    private readonly bool _ownsDir;
    private int _disposed;

    static FleetProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private FleetProcess(string runtimeDir, Process? process, bool ownsDir, string kind)
    {
        RuntimeDir = runtimeDir;
        _process = process;
        _ownsDir = ownsDir;
        Kind = kind;
        lock (Live)
            Live.Add(this);
    }

    public string RuntimeDir { get; }

    /// <summary>"self" (this binary's fleet), "host" (yoi-supervisor simulate) or "existing" (--runtime-dir).</summary>
    public string Kind { get; }

    public int? Pid => _process?.Id;

    public List<Pod> Pods => Registry.Read(RuntimeDir);

    /// <summary>An existing fleet (<c>--runtime-dir</c>): nothing is started or killed.</summary>
    public static FleetProcess Existing(string runtimeDir) => new(runtimeDir, null, ownsDir: false, "existing");

    public static string NewRuntimeDir(string tag)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"yoi-bench-{tag}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    /// <summary>Starts this binary's fleet with <paramref name="spec"/> (e.g. "normal:100").</summary>
    public static Task<FleetProcess> StartSelfAsync(string spec, int alerts = 2, string? floodText = null, string tag = "fleet")
    {
        var dir = NewRuntimeDir(tag);
        var (file, prefix) = Repo.SelfCommand();
        var args = prefix.Concat(["fleet", "--runtime-dir", dir, "--spec", spec, "--alerts", alerts.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (floodText is not null)
            args = args.Concat(["--flood-text", floodText]);
        return StartAsync(file, args, dir, BenchFleet.ParseSpec(spec).Count, "self");
    }

    /// <summary>Starts <c>yoi-supervisor simulate --pods N --mode MODE [--dialect DIALECT]</c>; null when the host is not built.</summary>
    public static async Task<FleetProcess?> StartHostAsync(int pods, string mode = "normal", string tag = "host", string dialect = "pod")
    {
        if (Repo.HostCommand() is not { } host)
            return null;
        var dir = NewRuntimeDir(tag);
        var args = host.Prefix.Concat(["simulate", "--pods", pods.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mode", mode, "--dialect", dialect, "--runtime-dir", dir]);
        try
        {
            return await StartAsync(host.File, args, dir, pods, "host", TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            Out.Log($"host simulate unusable ({e.Message}); falling back to the benchmark's own fleet");
            return null;
        }
    }

    /// <summary>The fleet <paramref name="kind"/> asks for: "host" (falls back to "self" when the host cannot simulate), or "self".
    /// The <c>worker</c> <paramref name="dialect"/> (August runtime: workers.json) needs the host's simulator, whatever the kind.</summary>
    public static async Task<FleetProcess> StartAsync(string kind, int pods, string mode = "normal", string tag = "fleet", string dialect = "pod")
    {
        if (dialect != "pod")
        {
            return await StartHostAsync(pods, mode, tag, dialect).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"a {dialect} fleet needs the host's simulator (dotnet build -c Release)");
        }

        if (kind == "host" && await StartHostAsync(pods, mode, tag).ConfigureAwait(false) is { } host)
            return host;
        return await StartSelfAsync($"{mode}:{pods}", tag: tag).ConfigureAwait(false);
    }

    private static async Task<FleetProcess> StartAsync(string file, IEnumerable<string> args, string dir, int pods, string kind, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (stderr)
                    stderr.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var fleet = new FleetProcess(dir, process, ownsDir: true, kind);
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            var listed = Registry.Read(dir);
            if (listed.Count >= pods)
            {
                // Sockets are bound before the registry is written by every fleet we start; give the accept loops a moment.
                await Task.Delay(200).ConfigureAwait(false);
                Out.Log($"fleet ({kind}) ready: {listed.Count} pods in {dir}, pid {process.Id}, {deadline.ElapsedMilliseconds} ms");
                return fleet;
            }

            if (process.HasExited || deadline.Elapsed > limit)
            {
                string err;
                lock (stderr)
                    err = stderr.ToString().Trim();
                await fleet.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"the fleet ({kind}) did not list {pods} pods within {limit.TotalSeconds:0} s (listed {listed.Count}, exited: {process.HasExited}): {Truncate(err)}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private static string Truncate(string s) => s.Length > 400 ? s[..400] + "…" : s;

    public ValueTask DisposeAsync()
    {
        Kill();
        lock (Live)
            Live.Remove(this);
        return ValueTask.CompletedTask;
    }

    private void Kill()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    // SIGTERM first (a simulator unregisters its pods); SIGKILL if it lingers.
                    Posix.Kill(_process.Id, 15);
                    if (!_process.WaitForExit(3000))
                        _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(3000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        if (_ownsDir)
        {
            try
            {
                Directory.Delete(RuntimeDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void KillAll()
    {
        List<FleetProcess> all;
        lock (Live)
            all = [.. Live];
        foreach (var f in all)
            f.Kill();
    }
}

public static partial class Posix
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
