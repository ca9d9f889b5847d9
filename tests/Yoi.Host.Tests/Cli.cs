using System.Diagnostics;
using System.Text;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>Runs the real <c>yoi-supervisor</c> executable as a child process.</summary>
public static class Cli
{
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    public static string Dll => System.IO.Path.Combine(AppContext.BaseDirectory, "yoi-supervisor.dll");

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        await using var process = CliProcess.Start(args);
        return await process.WaitAsync(Ceiling);
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>A running <c>yoi-supervisor</c>; its output is collected as it comes. Disposing kills it if it still runs.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get
        {
            lock (_gate) return _stdout.ToString();
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate) return _stderr.ToString();
        }
    }

    public static CliProcess Start(params string[] args) => Start(null, null, args);

    /// <summary>Starts it under <c>ulimit -n <paramref name="fdLimit"/></c> (soft and hard, through bash) when given, with
    /// <paramref name="environment"/> added.</summary>
    public static CliProcess Start(int? fdLimit, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(fdLimit is null ? "dotnet" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (fdLimit is { } limit)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"ulimit -n {limit} && exec dotnet \"$@\"");
            info.ArgumentList.Add("bash");
        }

        info.ArgumentList.Add(Cli.Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["NO_COLOR"] = "1";
        foreach (var key in new[] { "YOI_RUNTIME_DIR", "YOI_HOME", "YOI_SUPERVISOR_PERIOD_MS", "YOI_SUPERVISOR_TIMEOUT_MS", "YOI_SUPERVISOR_RUNTIME_DIR" })
            info.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(cli._stdout, e.Data, cli._stdoutDone);
        process.ErrorDataReceived += (_, e) => cli.Append(cli._stderr, e.Data, cli._stderrDone);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    private void Append(StringBuilder target, string? line, TaskCompletionSource done)
    {
        if (line is null)
        {
            done.TrySetResult();
            return;
        }

        lock (_gate) target.Append(line).Append('\n');
    }

    /// <summary>Waits until <paramref name="condition"/> holds for stdout, or fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForStdoutAsync(Func<string, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        await Eventually.Until(() => condition(Stdout) || HasExited, timeout ?? Cli.Ceiling, what ?? "stdout condition");
        var output = Stdout;
        Assert.True(condition(output), $"{what ?? "stdout condition"} never held; process exited: {HasExited}\n--- stdout\n{output}\n--- stderr\n{Stderr}");
        return output;
    }

    public void Signal(int signal)
    {
        if (!_process.HasExited) _ = Native.kill(_process.Id, signal);
    }

    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdoutDone.Task, _stderrDone.Task).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Which wait ran out: the process (then its signal state: a signal pending, blocked or caught) or its output
            // (a pipe some other process still holds open).
            var state = _process.HasExited ? $"it exited ({_process.ExitCode}) but its output did not end" : "it still runs: " + SignalState(_process.Id);
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"yoi-supervisor did not exit within {timeout}; {state}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}");
        }

        return new CliResult(_process.ExitCode, Stdout, Stderr);
    }

    private static string SignalState(int pid)
    {
        try
        {
            return string.Join(", ", File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("State:", StringComparison.Ordinal) || l.StartsWith("Sig", StringComparison.Ordinal) || l.StartsWith("ShdPnd", StringComparison.Ordinal) || l.StartsWith("Threads", StringComparison.Ordinal)));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
