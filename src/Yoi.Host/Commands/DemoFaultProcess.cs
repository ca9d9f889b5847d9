using System.Diagnostics;
using Yoi.Actors.Managed.Native;
using Yoi.Actors.Protocol;
using Yoi.Simulation;

namespace Yoi.Host.Commands;

/// <summary>The demo's faulty pods, simulated in a child process of their own (<c>simulate --mode-for …</c>), so that
/// what the demo counts of the supervisor's fds is the supervisor's alone. Disposing sends SIGINT (the simulator
/// unregisters its pods), waits, and kills it if it lingers.</summary>
public sealed class DemoFaultProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Task _drainOut;
    private readonly Task _drainErr;

    private DemoFaultProcess(Process process, Task drainOut, Task drainErr)
    {
        _process = process;
        _drainOut = drainOut;
        _drainErr = drainErr;
    }

    public int Pid => _process.Id;

    /// <summary>Starts the simulator and returns once its pods are registered.</summary>
    public static async Task<DemoFaultProcess> StartAsync(string runtimeDir, IReadOnlyList<PodMode> faults, Dialect dialect, CancellationToken ct)
    {
        var argv = SelfCommand.Prefix();
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1)) info.ArgumentList.Add(arg);
        foreach (var arg in new[] { "simulate", "--runtime-dir", runtimeDir, "--pods", "0", "--dialect", dialect.ToWire() }) info.ArgumentList.Add(arg);
        foreach (var mode in faults)
        {
            info.ArgumentList.Add("--mode-for");
            info.ArgumentList.Add($"{mode.WireName()}={mode.WireName()}");
        }

        var process = Process.Start(info) ?? throw new CliException(ExitCodes.Failure, "cannot start the demo's simulated faulty pods");
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        var drainOut = DrainAsync(process.StandardOutput, line =>
        {
            if (line.StartsWith("simulating ", StringComparison.Ordinal)) registered.TrySetResult();
        });
        var drainErr = DrainAsync(process.StandardError, line =>
        {
            if (errors.Length < 4096) errors.AppendLine(line);
        });
        var started = new DemoFaultProcess(process, drainOut, drainErr);
        try
        {
            var ready = await Task.WhenAny(registered.Task, process.WaitForExitAsync(ct), Task.Delay(ReadyTimeout, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (ready != registered.Task)
            {
                throw new CliException(ExitCodes.Failure, process.HasExited
                    ? $"the demo's simulated faulty pods ended (exit {process.ExitCode}): {errors.ToString().Trim()}"
                    : $"the demo's simulated faulty pods did not register within {ReadyTimeout.TotalSeconds:0} s");
            }

            return started;
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DrainAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            onLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            ProcessSignals.Send(_process.Id, ProcessSignals.SIGINT);
            using var deadline = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        // The pipes end with the process: the readers see EOF.
        await Task.WhenAll(_drainOut, _drainErr).ConfigureAwait(false);
        _process.Dispose();
    }
}
