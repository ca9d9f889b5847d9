using System.Diagnostics;
using System.Runtime.InteropServices;
using Yoi.Actors.Protocol;
using Yoi.Simulation;

// A managed pod for tests: SinglePodProcess, plus misbehaviour on request. Usage:
//   Yoi.TestPod --name NAME [--runtime-dir DIR] [--dialect pod|worker] [--ready-delay-ms N] [--never-ready]
//               [--crash-after-ms N [--exit-code C]] [--hang-on-sigusr1] [--ignore-sigint] [--ignore-sigterm]
//               [--ignore-shutdown] [--grandchild] [--log-lines N]
string? name = null;
var runtimeDir = Environment.GetEnvironmentVariable("YOI_RUNTIME_DIR");
var dialect = Dialect.Pod;
int? crashAfterMs = null;
int exitCode = 1, readyDelayMs = 0, logLines = 0;
bool neverReady = false, hangOnSigusr1 = false, ignoreSigint = false, ignoreSigterm = false, ignoreShutdown = false, grandchild = false;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--name": name = Value(); break;
        case "--runtime-dir": runtimeDir = Value(); break;
        case "--dialect": dialect = Value() == "worker" ? Dialect.Worker : Dialect.Pod; break;
        case "--ready-delay-ms": readyDelayMs = int.Parse(Value()); break;
        case "--never-ready": neverReady = true; break;
        case "--crash-after-ms": crashAfterMs = int.Parse(Value()); break;
        case "--exit-code": exitCode = int.Parse(Value()); break;
        case "--hang-on-sigusr1": hangOnSigusr1 = true; break;
        case "--ignore-sigint": ignoreSigint = true; break;
        case "--ignore-sigterm": ignoreSigterm = true; break;
        case "--ignore-shutdown": ignoreShutdown = true; break;
        case "--grandchild": grandchild = true; break;
        case "--log-lines": logLines = int.Parse(Value()); break;
        default:
            Console.Error.WriteLine($"Yoi.TestPod: unknown argument {args[i]}");
            return 2;
    }
}

if (name is null || runtimeDir is null)
{
    Console.Error.WriteLine("Yoi.TestPod: --name and --runtime-dir (or YOI_RUNTIME_DIR) are required");
    return 2;
}

using var interrupted = new CancellationTokenSource();
using var onSigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    if (!ignoreSigint)
        interrupted.Cancel();
});
const int Sigusr1 = 10;
var hangRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var onSigusr1 = hangOnSigusr1
    ? PosixSignalRegistration.Create((PosixSignal)Sigusr1, context =>
    {
        context.Cancel = true;
        hangRequested.TrySetResult();
    })
    : null;
// Without --ignore-sigterm, SIGTERM keeps the runtime's default: the process ends at once, without cleaning up.
using var onSigterm = ignoreSigterm ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true) : null;

Process? sleeper = null;
if (grandchild)
{
    // In this process's group: the supervisor's signals to the group reach it.
    sleeper = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false });
    Console.Out.WriteLine($"GRANDCHILD {sleeper!.Id}");
    Console.Out.Flush();
}

await using var pod = await SinglePodProcess.StartAsync(name, runtimeDir, dialect, PodMode.Normal);
if (!neverReady)
{
    if (readyDelayMs > 0)
        await Task.Delay(readyDelayMs);
    pod.WriteReadyLine(Console.Error);
}

var filler = new string('x', 100);
for (var n = 1; n <= logLines; n++)
{
    Console.Out.WriteLine($"out {n} {filler}");
    Console.Error.WriteLine($"err {n} {filler}");
}

Console.Out.Flush();
if (crashAfterMs is { } crash)
{
    await Task.Delay(crash);
    // A crash: no unregistering, no socket removal.
    Environment.Exit(exitCode);
}

if (hangOnSigusr1)
{
    // The test decides when the pod hangs (a timer from start-up would fire before readiness on a starved machine).
    await hangRequested.Task;
    await pod.GoSilentAsync();
}

// A silent pod's socket is closed, which also completes ShutdownRequested: it waits for a signal only.
var shutdown = ignoreShutdown || hangOnSigusr1 ? Task.Delay(Timeout.Infinite) : pod.ShutdownRequested;
await Task.WhenAny(shutdown, Task.Delay(Timeout.Infinite, interrupted.Token).ContinueWith(_ => { }, TaskScheduler.Default));
return 0;
