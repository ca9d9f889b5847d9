using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Managed;
using Yoi.Actors.Managed.Native;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Managed;

/// <summary>What the managed-pod tests share: a runtime directory, specs with small timeouts, the test pod's
/// command line, and transitions recorded with the time they arrived.</summary>
public abstract class ManagedTestKit : TestKit, IDisposable
{
    protected static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    protected static readonly ManagedPodTimings Fast = ManagedPodTimings.Default with
    {
        ProbeTimeout = TimeSpan.FromSeconds(2),
        LogCheckInterval = TimeSpan.FromMilliseconds(50),
    };

    private readonly List<int> _pids = [];
    private readonly List<Yoi.Actors.Managed.Managed.ProcessStateChanged> _buffer = [];
    private readonly List<object> _others = [];

    /// <summary>The next message to the test actor of type <typeparamref name="T"/> that is not a transition
    /// (transitions are kept for <see cref="ExpectState"/>).</summary>
    protected T ExpectOther<T>(Func<T, bool> predicate)
    {
        var i = _others.FindIndex(o => o is T t && predicate(t));
        if (i >= 0)
        {
            var found = (T)_others[i];
            _others.RemoveAt(i);
            return found;
        }

        var deadline = DateTime.UtcNow + Ceiling;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var received = (left > TimeSpan.Zero ? ReceiveOne(left) : null) ?? throw new TimeoutException($"no {typeof(T).Name} within {Ceiling.TotalSeconds} s");
            if (received is T t && predicate(t))
                return t;
            if (received is Yoi.Actors.Managed.Managed.ProcessStateChanged changed)
                _buffer.Add(changed);
            else
                _others.Add(received);
        }
    }

    protected ManagedTestKit(string? config = null) : base(config ?? "akka.loglevel = WARNING")
    {
        Dir = new TempRuntimeDir();
    }

    protected TempRuntimeDir Dir { get; }

    protected string LogDir => Dir.File("logs");

    protected static string TestPodExe => TestPodBinary.Path;

    protected IReadOnlyList<string> TestPod(string name, params string[] flags) =>
        [TestPodExe, "--name", name, "--runtime-dir", Dir.Path, .. flags];

    protected static IReadOnlyList<string> Shell(string script) => ["/bin/sh", "-c", script];

    protected ManagedPodSpec Spec(string name, IReadOnlyList<string> command) => new()
    {
        Name = name,
        Command = command,
        LogDir = LogDir,
        ReadyTimeout = TimeSpan.FromSeconds(20),
        BackoffInitial = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(200),
        StopGrace = TimeSpan.FromSeconds(5),
        MaxRestarts = 50,
        LivenessFailures = 2,
    };

    /// <summary>A ManagedPods whose transitions come to the test actor (it is the test actor's child).</summary>
    protected IActorRef StartManaged(params ManagedPodSpec[] specs) =>
        ChildActorOf(ManagedPods.Props(specs, Dir.Path, Fast));

    /// <summary>The next transition of <paramref name="name"/> to <paramref name="to"/>; its earlier ones are passed
    /// over (and recorded in <paramref name="seen"/> when given, with the time since the call). Other pods'
    /// transitions are kept for their own calls, in order.</summary>
    protected Yoi.Actors.Managed.Managed.ProcessStateChanged ExpectState(string name, ManagedState to, List<(Yoi.Actors.Managed.Managed.ProcessStateChanged, TimeSpan)>? seen = null, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        bool Matches(Yoi.Actors.Managed.Managed.ProcessStateChanged m)
        {
            seen?.Add((m, clock.Elapsed));
            if (m.Pid is { } pid)
                _pids.Add(pid);
            if (m.To == ManagedState.Fatal && to != ManagedState.Fatal)
                throw new InvalidOperationException($"{name} went fatal: {m.Reason}");
            return m.To == to;
        }

        while (_buffer.FindIndex(m => m.Name == name) is var i and >= 0)
        {
            var m = _buffer[i];
            _buffer.RemoveAt(i);
            if (Matches(m))
                return m;
        }

        var deadline = clock.Elapsed + (within ?? Ceiling);
        while (true)
        {
            var left = deadline - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{name} did not turn {to} within {(within ?? Ceiling).TotalSeconds} s");
            var received = ReceiveOne(left) ?? throw new TimeoutException($"{name} did not turn {to} within {(within ?? Ceiling).TotalSeconds} s");
            if (received is not Yoi.Actors.Managed.Managed.ProcessStateChanged m)
            {
                _others.Add(received);
                continue;
            }

            if (m.Name != name)
                _buffer.Add(m);
            else if (Matches(m))
                return m;
        }
    }

    protected static bool Alive(int pid) => ProcFs.Stat(pid) is { State: not 'Z' and not 'X' };

    /// <summary>Neither alive nor a zombie of this process (a zombie reparented to an init that does not reap is not ours).</summary>
    protected static bool GoneOrNotOurZombie(int pid) =>
        ProcFs.Stat(pid) is not { } stat || (stat.State is 'Z' or 'X' && stat.Ppid != Environment.ProcessId);

    protected static IReadOnlyList<int> OurZombies()
    {
        var zombies = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcFs.Stat(pid) is { State: 'Z' } stat && stat.Ppid == Environment.ProcessId)
                zombies.Add(pid);
        }

        return zombies;
    }

    protected static int OpenFds() => Directory.GetFiles("/proc/self/fd").Length;

    public new void Dispose()
    {
        // The actor system's end stops every pod gracefully (coordinated shutdown); then whatever a failing test left
        // behind is killed: its own processes only (the pids its transitions named).
        base.Dispose();
        // Whatever a failing test left behind: its own processes only (the pids its transitions named).
        foreach (var pid in _pids)
        {
            if (ProcFs.Stat(pid) is { State: not 'Z' } stat && stat.Ppid == Environment.ProcessId)
                ManagedNative.Kill(-pid, ManagedNative.SIGKILL);
        }

        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
