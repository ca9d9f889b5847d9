using System.Diagnostics;
using Yoi.Benchmarks.Pods;

namespace Yoi.Benchmarks.Infra;

/// <summary><c>yoi-supervisor run</c> on a runtime dir for one scenario (or phase): ready once it logs "supervising";
/// stopped with SIGTERM (SIGKILL if it lingers).</summary>
public sealed class HostDaemon : IAsyncDisposable
{
    private readonly Process _process;

    private HostDaemon(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <param name="extra">More arguments of <c>run</c> (e.g. <c>--http 0</c>, <c>--cluster --config FILE</c>).</param>
    public static async Task<HostDaemon> StartAsync((string File, string[] Prefix) host, string runtimeDir, params string[] extra)
    {
        var psi = new ProcessStartInfo(host.File) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in host.Prefix.Concat(["run", "--runtime-dir", runtimeDir]).Concat(extra))
            psi.ArgumentList.Add(a);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) ready.TrySetException(new InvalidOperationException("the daemon exited before it was ready"));
            else if (e.Data.Contains("supervising", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var daemon = new HostDaemon(process);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Posix.Kill(_process.Id, 15);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process.Dispose();
    }
}
