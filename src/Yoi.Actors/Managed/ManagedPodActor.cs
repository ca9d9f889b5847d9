using System.Collections;
using Akka.Actor;
using Akka.Event;
using Yoi.Actors.Managed.Logs;
using Yoi.Actors.Managed.Native;
using Yoi.Actors.Mailboxes;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;
using Yoi.Actors.Sessions;

namespace Yoi.Actors.Managed;

/// <summary>
/// The owner of one managed pod's process: it spawns it (or adopts it), watches it, restarts it per its policy with
/// backoff and a restart budget, stops it gracefully, and rotates its log files. Its states are the
/// <see cref="ManagedState"/>s, each a <c>Become</c> behaviour; every transition is told to the parent as a
/// <see cref="Managed.ProcessStateChanged"/>. Its end — whatever ended it — kills the process group (SIGKILL) and
/// reaps it, unless it was detached (<c>on_exit: keep</c> at shutdown): no process outlives its owner by accident.
/// </summary>
public sealed class ManagedPodActor : UntypedActor, IWithUnboundedStash
{
    // ---- its own messages (runtime timers and the exit watcher tell them; each carries the generation it was
    //      started in, so a tick of an earlier process or phase is ignored) ----
    private sealed record AdoptionChecked(PodAllocation? Allocation, ManagedProcess? Process);

    private sealed record ProcessEnded(int Generation);

    private sealed record TailTick(int Generation);

    /// <summary>The log watch saw its files written (registration <paramref name="WatchId"/>).</summary>
    private sealed record LogsWritten(long WatchId);

    private sealed record ReadyTimedOut(int Generation);

    private sealed record ProbeAgain(int Generation);

    private sealed record StartDue(int Generation);

    private sealed record Escalate(int Generation, int Step);

    private sealed record LogCheck
    {
        public static LogCheck Instance { get; } = new();
    }

    /// <summary>What follows the end of a stop.</summary>
    private enum AfterStop
    {
        Stopped,
        Restart,
        Backoff,
        Retire,
    }

    private static readonly TimeSpan ReapLimit = TimeSpan.FromSeconds(5);

    private readonly ManagedPodSpec _spec;
    private readonly string _runtimeDir;
    private readonly ExitWatcher _watcher;
    private readonly LogWatch _logWatch;
    private readonly ManagedPodTimings _timings;
    private readonly bool _adoptOnStart;
    private readonly Backoff _backoff;
    private readonly RestartBudget _budget;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _stopWaiters = [];
    private readonly List<IActorRef> _restartWaiters = [];
    private RuntimeTimers _timers = null!;
    private ManagedProcess? _process;
    private long _watchId;
    // The log watch's registration of this process's log files (0: none; the files are polled instead).
    private long _logWatchId;
    private int _generation;
    private LogTail? _tail;
    private string? _socket;
    private IActorRef? _probe;
    private ManagedState? _state;
    private int _restarts;
    private bool _started;
    private ManagedExit? _lastExit;
    private DateTimeOffset? _nextStartAt;
    private DateTimeOffset? _runningSince;
    private string? _reason;
    private bool _adopted;
    private int _livenessFailures;
    private AfterStop _afterStop;
    private string? _afterStopReason;
    private bool _detached;
    // The last escalation step taken in this stop (1 SIGINT, 2 SIGTERM, 3 SIGKILL).
    private int _escalated;

    public ManagedPodActor(ManagedPodSpec spec, string runtimeDir, ExitWatcher watcher, LogWatch logWatch, ManagedPodTimings timings, bool adoptOnStart = true)
    {
        _spec = spec;
        _runtimeDir = runtimeDir;
        _watcher = watcher;
        _logWatch = logWatch;
        _timings = timings;
        _adoptOnStart = adoptOnStart;
        _backoff = new Backoff(spec.BackoffInitial, spec.BackoffMax);
        _budget = new RestartBudget(spec.MaxRestarts, spec.RestartWindow);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(ManagedPodSpec spec, string runtimeDir, ExitWatcher watcher, LogWatch logWatch, ManagedPodTimings timings, bool adoptOnStart = true) =>
        ActorFactory.Props((spec, runtimeDir, watcher, logWatch, timings, adoptOnStart),
            static a => new ManagedPodActor(a.spec, a.runtimeDir, a.watcher, a.logWatch, a.timings, a.adoptOnStart));

    /// <summary>The snapshot of this pod as its owner sees it now.</summary>
    private ManagedPodStatus Status => new(
        _spec.Name,
        _state ?? ManagedState.Starting,
        _process is { Exit: null } p ? p.Pid : null,
        _restarts,
        _process is { Exit: null } q ? q.StartedAt : null,
        _lastExit,
        _state == ManagedState.Backoff ? _nextStartAt : null,
        _reason,
        _adopted && _process is not null);

    private RegistryFlavor Flavor => _spec.Dialect == Dialect.Worker ? RegistryFlavor.Workers : RegistryFlavor.Pods;

    private string? Cwd => _spec.Cwd ?? _spec.Workspace;

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        _timers = new RuntimeTimers(Self);
        if (!_logWatch.Available)
            _timers.Every("logs", LogCheck.Instance, _timings.LogCheckInterval);
        if (!_adoptOnStart)
        {
            Spawn();
            return;
        }

        // The registry read may block on its lock: not on this actor's thread. Requests wait (stashed) for it.
        var spec = _spec;
        var runtimeDir = _runtimeDir;
        var flavor = Flavor;
        Task.Run(() => FindAdoptable(spec, runtimeDir, flavor)).PipeTo(Self, failure: e => new AdoptionChecked(null, null));
    }

    protected override void PostStop()
    {
        _timers?.Dispose();
        UnwatchLogs();
        _tail?.Dispose();
        _tail = null;
        if (_process is { } process)
        {
            _watcher.Unregister(_watchId);
            if (!_detached && process.Exit is null)
            {
                // Every other ending: the process must not outlive its owner.
                if (process.KillAndReap(ReapLimit) is null)
                    _log.Error("managed pod {0}: pid {1} did not end within {2} s of SIGKILL", _spec.Name, process.Pid, ReapLimit.TotalSeconds);
            }
            else if (!_detached)
            {
                process.KillGroupRemnants();
            }

            process.Dispose();
            _process = null;
        }

        foreach (var waiter in _stopWaiters.Concat(_restartWaiters))
            waiter.Tell(new Managed.Refused(_spec.Name, "the pod's owner stopped"));
    }

    // ---- the first behaviour: looking for a process to adopt ----

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case AdoptionChecked { Process: { } adopted, Allocation: { } allocation }:
                Adopt(adopted, allocation);
                Stash.UnstashAll();
                break;
            case AdoptionChecked:
                Spawn();
                Stash.UnstashAll();
                break;
            case LogCheck:
                RotateLogs();
                break;
            case LogsWritten written:
                OnLogsWritten(written);
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    private static AdoptionChecked FindAdoptable(ManagedPodSpec spec, string runtimeDir, RegistryFlavor flavor)
    {
        PodAllocation? allocation;
        try
        {
            allocation = PodRegistry.Read(PodRegistry.PathIn(runtimeDir, flavor)).FirstOrDefault(a => a.PodName == spec.Name);
        }
        catch (RegistryException)
        {
            // An unreadable registry adopts nothing; the new process will register and overwrite its row.
            return new AdoptionChecked(null, null);
        }

        if (allocation is null || !ProcessLiveness.IsAlive(allocation.Pid))
            return new AdoptionChecked(null, null);
        var path = spec.Env.TryGetValue("PATH", out var p) ? p : Environment.GetEnvironmentVariable("PATH");
        var process = ManagedProcess.Adopt(allocation.Pid, spec.Command, spec.Cwd ?? spec.Workspace, path);
        return new AdoptionChecked(process is null ? null : allocation, process);
    }

    // ---- starting ----

    private void Spawn()
    {
        if (_started)
            _restarts++;
        _started = true;
        _adopted = false;
        _socket = null;
        _generation++;
        var request = SpawnRequestOf(out var prepareError);
        // Watched before the child can write: its ready line cannot come before the watch.
        if (request is not null)
            WatchLogs(eager: true);
        var result = request is null ? SpawnResult.Failed(prepareError!) : ProcessSpawner.Spawn(request);
        if (result.Process is not { } process)
        {
            UnwatchLogs();
            Transition(ManagedState.Fatal, result.Error);
            return;
        }

        Own(process);
        Transition(ManagedState.Starting, null);
        _timers.Once("ready", new ReadyTimedOut(_generation), _spec.ReadyTimeout);
        if (_logWatchId == 0)
            _timers.Every("tail", new TailTick(_generation), _timings.TailInterval);
    }

    /// <summary>Registers this process's log files with the log watch (eager while the ready line is awaited); when
    /// it cannot, they are polled on this actor's own timers instead (the fallback of a machine without inotify).</summary>
    private void WatchLogs(bool eager)
    {
        UnwatchLogs();
        var self = Self;
        var id = _logWatch.Register([_spec.StderrLogPath, _spec.StdoutLogPath], eager, written => self.Tell(new LogsWritten(written)));
        _logWatchId = id;
        if (id != 0)
            _timers.Cancel("logs");
        else
            _timers.Every("logs", LogCheck.Instance, _timings.LogCheckInterval);
    }

    private void UnwatchLogs()
    {
        if (_logWatchId == 0)
            return;
        _logWatch.Unregister(_logWatchId);
        _logWatchId = 0;
    }

    private void OnLogsWritten(LogsWritten written)
    {
        if (written.WatchId != _logWatchId || _logWatchId == 0)
            return;
        RotateLogs();
        _logWatch.Rearm(_logWatchId);
    }

    /// <summary>The files a child appends to, created (0600) before it starts so they can be watched.</summary>
    private static void CreateLogFile(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var file = new FileStream(path, options);
    }

    private void Adopt(ManagedProcess process, PodAllocation allocation)
    {
        _started = true;
        _adopted = true;
        _generation++;
        Own(process);
        // Its ready line was written long ago (and maybe rotated away): the registry's socket stands for it.
        _socket = allocation.Socket;
        if (File.Exists(_spec.StderrLogPath) || File.Exists(_spec.StdoutLogPath))
            WatchLogs(eager: false);
        else if (!_logWatch.Available)
            _timers.Every("logs", LogCheck.Instance, _timings.LogCheckInterval);
        Transition(ManagedState.Starting, $"adopted pid {process.Pid}");
        _timers.Once("ready", new ReadyTimedOut(_generation), _spec.ReadyTimeout);
        StartProbe();
    }

    private SpawnRequest? SpawnRequestOf(out string? error)
    {
        error = null;
        if (!OperatingSystem.IsLinux())
        {
            error = "managed pods need Linux (posix_spawn, pidfd, /proc)";
            return null;
        }

        try
        {
            Directory.CreateDirectory(_spec.LogDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            CreateLogFile(_spec.StdoutLogPath);
            CreateLogFile(_spec.StderrLogPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot create the log directory {_spec.LogDir}: {e.Message}";
            return null;
        }

        // The tail starts where this process's output will: an earlier process's ready line is not this one's.
        _tail?.Dispose();
        _tail = new LogTail(_spec.StderrLogPath, LogTail.LengthOf(_spec.StderrLogPath));
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            env[(string)entry.Key] = (string?)entry.Value ?? "";
        foreach (var (key, value) in _spec.Env)
            env[key] = value;
        env["YOI_RUNTIME_DIR"] = _runtimeDir;
        return new SpawnRequest(_spec.Command, Cwd, env, _spec.StdoutLogPath, _spec.StderrLogPath);
    }

    private void Own(ManagedProcess process)
    {
        _process = process;
        var self = Self;
        var generation = _generation;
        _watchId = process.PidFd >= 0 ? _watcher.Register(process.PidFd, () => self.Tell(new ProcessEnded(generation))) : 0;
    }

    private void Starting(object message)
    {
        switch (message)
        {
            case TailTick tick when tick.Generation == _generation:
                ReadReadyLine();
                break;
            case ProbeResult result when Sender.Equals(_probe):
                _probe = null;
                if (result.Outcome == ProbeOutcome.Ok)
                {
                    _timers.Cancel("ready");
                    _runningSince = DateTimeOffset.UtcNow;
                    _livenessFailures = 0;
                    Transition(ManagedState.Running, _adopted ? $"adopted pid {_process!.Pid}" : null);
                }
                else
                {
                    _timers.Once("probe", new ProbeAgain(_generation), _timings.ProbeRetryInterval);
                }

                break;
            case ProbeAgain again when again.Generation == _generation:
                StartProbe();
                break;
            case ReadyTimedOut timedOut when timedOut.Generation == _generation:
                BeginStop(AfterStop.Backoff, _socket is null
                    ? $"no ready line within {_spec.ReadyTimeout.TotalMilliseconds:0} ms"
                    : $"its socket did not answer a probe within {_spec.ReadyTimeout.TotalMilliseconds:0} ms");
                break;
            case Managed.Start:
                Sender.Tell(new Managed.Done(_spec.Name, Status));
                break;
            default:
                Live(message);
                break;
        }
    }

    private void ReadReadyLine()
    {
        if (_tail is null || _socket is not null)
            return;
        foreach (var line in _tail.ReadLines())
        {
            if (!ReadyLine.TryParse(line, _spec.Name, out var socket))
                continue;
            _socket = socket;
            _timers.Cancel("tail");
            if (_logWatchId != 0)
                _logWatch.SetEager(_logWatchId, false);
            _tail.Dispose();
            _tail = null;
            StartProbe();
            return;
        }
    }

    private void StartProbe()
    {
        if (_process is null || _socket is null || _probe is not null)
            return;
        var allocation = PodAllocation.Of(_spec.Name, _process.Pid, _socket, Flavor);
        _probe = Context.ActorOf(LeanMailbox.For(Context.System, ProbeActor.Props(allocation, Self, _timings.ProbeTimeout, _timings.MaxLineBytes)),
            $"probe-{_generation}-{Guid.NewGuid():N}"[..32]);
    }

    // ---- running ----

    private void Running(object message)
    {
        switch (message)
        {
            case ManagedPod.Liveness liveness:
                OnLiveness(liveness.Result);
                break;
            case Managed.Start:
                Sender.Tell(new Managed.Done(_spec.Name, Status));
                break;
            default:
                Live(message);
                break;
        }
    }

    private void OnLiveness(ProbeResult result)
    {
        if (_process is null || result.Pid != _process.Pid || _spec.LivenessFailures <= 0)
            return;
        switch (result.Outcome)
        {
            case ProbeOutcome.Ok:
                _livenessFailures = 0;
                break;
            case ProbeOutcome.Refused or ProbeOutcome.Missing or ProbeOutcome.Closed or ProbeOutcome.ProtocolError:
                if (++_livenessFailures >= _spec.LivenessFailures)
                    BeginStop(AfterStop.Backoff, $"hung: {_livenessFailures} failed probes");
                break;
        }
    }

    /// <summary>What starting and running share: the process may end, and may be asked to stop.</summary>
    private void Live(object message)
    {
        switch (message)
        {
            case ProcessEnded ended when ended.Generation == _generation:
                if (Reap() is { } exit)
                    OnExitedByItself(exit);
                break;
            case Managed.Stop:
                _stopWaiters.Add(Sender);
                BeginStop(AfterStop.Stopped, "stopped");
                break;
            case Managed.Restart:
                _restartWaiters.Add(Sender);
                BeginStop(AfterStop.Restart, "restarting");
                break;
            case ManagedPod.Retire:
                BeginStop(AfterStop.Retire, "removed from the configuration");
                break;
            default:
                Common(message);
                break;
        }
    }

    private void OnExitedByItself(ManagedExit exit)
    {
        _lastExit = exit;
        var reason = $"exited with {exit}";
        if (!RestartDecision.ShouldRestart(_spec.Restart, exit))
        {
            Transition(ManagedState.Exited, reason);
            return;
        }

        ScheduleRestart(reason);
    }

    private void ScheduleRestart(string reason)
    {
        var now = DateTimeOffset.UtcNow;
        if (_runningSince is { } since && now - since >= _spec.BackoffReset)
            _backoff.Reset();
        _runningSince = null;
        if (!_budget.TryCharge(now))
        {
            Transition(ManagedState.Fatal, $"{_budget.Describe()} (last: {reason})");
            return;
        }

        Diagnostics.SupervisorMetrics.RecordRestart(RestartKind(reason));
        var delay = _backoff.Next();
        _nextStartAt = now + delay;
        _generation++;
        _timers.Once("start", new StartDue(_generation), delay);
        Transition(ManagedState.Backoff, reason);
    }

    /// <summary>The metric's reason tag: a few fixed words, never the free text (pids, exit codes) of the reason.</summary>
    private static string RestartKind(string reason) =>
        reason.StartsWith("exited", StringComparison.Ordinal) ? "exited"
        : reason.StartsWith("hung", StringComparison.Ordinal) ? "hung"
        : reason.StartsWith("no ready line", StringComparison.Ordinal) || reason.StartsWith("its socket did not answer", StringComparison.Ordinal) ? "not_ready"
        : "other";

    // ---- stopping ----

    private void BeginStop(AfterStop after, string reason)
    {
        _afterStop = after;
        _afterStopReason = reason;
        _timers.Cancel("ready");
        _timers.Cancel("tail");
        _timers.Cancel("probe");
        if (_probe is not null)
        {
            Context.Stop(_probe);
            _probe = null;
        }

        Transition(ManagedState.Stopping, reason);
        _escalated = 0;
        if (_process is null)
        {
            FinishStop();
            return;
        }

        if (_socket is not null && _spec.StopGrace > TimeSpan.Zero)
        {
            // The pod's own shutdown first: it unregisters and removes its socket. A one-shot session writes it.
            var props = PodSessionActor.Props(_spec.Name, _socket, _timings.MaxLineBytes, null,
                (ShutdownMethod.Instance, Self, null), dialect: _spec.Dialect);
            Context.ActorOf(LeanMailbox.For(Context.System, props), $"shutdown-{_generation}");
            _timers.Once("escalate", new Escalate(_generation, 1), _spec.StopGrace / 4);
        }
        else
        {
            Self.Tell(new Escalate(_generation, 1));
        }
    }

    private void Stopping(object message)
    {
        switch (message)
        {
            case ProcessEnded ended when ended.Generation == _generation:
                if (Reap() is { } exit)
                {
                    _lastExit = exit;
                    FinishStop();
                }

                break;
            case PodSession.SendFailed when _escalated == 0:
                // The shutdown method could not even be written (its socket is gone or refuses): signal now.
                Self.Tell(new Escalate(_generation, 1));
                break;
            case Escalate escalate when escalate.Generation == _generation && _process is not null && escalate.Step == _escalated + 1:
                _escalated = escalate.Step;
                // SIGINT first: the runtime cleans up (unregisters, removes its socket) only on Ctrl-C; then SIGTERM;
                // SIGKILL once the grace is over. Always to the whole group.
                var (signal, next) = escalate.Step switch
                {
                    1 => (ManagedNative.SIGINT, _spec.StopGrace / 2),
                    2 => (ManagedNative.SIGTERM, _spec.StopGrace / 2),
                    _ => (ManagedNative.SIGKILL, TimeSpan.Zero),
                };
                _process.Signal(signal);
                if (escalate.Step < 3)
                    _timers.Once("escalate", new Escalate(_generation, escalate.Step + 1), next);
                break;
            case Managed.Stop:
                _stopWaiters.Add(Sender);
                if (_afterStop != AfterStop.Retire)
                    _afterStop = AfterStop.Stopped;
                break;
            case Managed.Start or Managed.Restart:
                Sender.Tell(new Managed.Refused(_spec.Name, $"{_spec.Name} is stopping"));
                break;
            case ManagedPod.Retire:
                _afterStop = AfterStop.Retire;
                break;
            case PodSession.Sent or PodSession.SendFailed:
                break;
            default:
                Common(message);
                break;
        }
    }

    private void FinishStop()
    {
        _timers.Cancel("escalate");
        switch (_afterStop)
        {
            case AfterStop.Restart:
                ReplyAll(_stopWaiters);
                Diagnostics.SupervisorMetrics.RecordRestart("requested");
                Spawn();
                foreach (var waiter in _restartWaiters)
                    waiter.Tell(_state == ManagedState.Fatal ? new Managed.Refused(_spec.Name, _reason ?? "fatal") : new Managed.Done(_spec.Name, Status));
                _restartWaiters.Clear();
                break;
            case AfterStop.Backoff:
                ScheduleRestart(_afterStopReason ?? "restarting");
                break;
            case AfterStop.Retire:
                Transition(ManagedState.Stopped, _afterStopReason);
                ReplyAll(_stopWaiters);
                Context.Stop(Self);
                break;
            default:
                Transition(ManagedState.Stopped, _afterStopReason);
                ReplyAll(_stopWaiters);
                RefuseAll(_restartWaiters, "stopped instead");
                break;
        }
    }

    // ---- backoff, and the resting states (stopped, exited, fatal) ----

    private void InBackoff(object message)
    {
        switch (message)
        {
            case StartDue due when due.Generation == _generation:
                Spawn();
                break;
            case Managed.Start or Managed.Restart:
                _timers.Cancel("start");
                Spawn();
                Answer(Sender);
                break;
            case Managed.Stop:
                _timers.Cancel("start");
                Transition(ManagedState.Stopped, "stopped");
                Sender.Tell(new Managed.Done(_spec.Name, Status));
                break;
            case ManagedPod.Retire:
                Transition(ManagedState.Stopped, "removed from the configuration");
                Context.Stop(Self);
                break;
            default:
                Common(message);
                break;
        }
    }

    private void Resting(object message)
    {
        switch (message)
        {
            case Managed.Start or Managed.Restart:
                if (_state == ManagedState.Fatal)
                {
                    // `start` after fatal: a fresh budget, a fresh backoff, restarts counted anew.
                    _budget.Reset();
                    _backoff.Reset();
                    _restarts = 0;
                    _started = false;
                }

                Spawn();
                Answer(Sender);
                break;
            case Managed.Stop:
                if (_state != ManagedState.Stopped)
                    Transition(ManagedState.Stopped, "stopped");
                Sender.Tell(new Managed.Done(_spec.Name, Status));
                break;
            case ManagedPod.Retire:
                Context.Stop(Self);
                break;
            default:
                Common(message);
                break;
        }
    }

    /// <summary>What every state handles alike.</summary>
    private void Common(object message)
    {
        switch (message)
        {
            case LogCheck:
                RotateLogs();
                break;
            case LogsWritten written:
                OnLogsWritten(written);
                break;
            case ManagedPod.Detach:
                _detached = true;
                Sender.Tell(new ManagedPod.Detached(_spec.Name, _process?.Pid));
                break;
            case ManagedPod.Liveness:
            case ProbeResult:
            case PodSession.Sent or PodSession.SendFailed:
            case ProcessEnded or TailTick or ReadyTimedOut or ProbeAgain or StartDue or Escalate:
                // A tick of an earlier phase or process, or a probe that no longer matters.
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // ---- helpers ----

    /// <summary>Reaps the process that ended (our child: waitpid; adopted: seen gone), kills what is left of its
    /// group and lets go of it. Null when it has not ended after all (then the watcher is asked again).</summary>
    private ManagedExit? Reap()
    {
        if (_process is not { } process)
            return null;
        var exit = process.TryReap();
        if (exit is null)
        {
            // The pidfd said it ended; a child's exit status may lag the notification by a moment.
            _timers.Once("reap", new ProcessEnded(_generation), TimeSpan.FromMilliseconds(5));
            return null;
        }

        _watcher.Unregister(_watchId);
        process.KillGroupRemnants();
        process.Dispose();
        _process = null;
        _socket = null;
        // Nothing writes the files any more (what is left of the group was just killed): no more checks until the
        // next process (whose first write is checked).
        UnwatchLogs();
        _tail?.Dispose();
        _tail = null;
        _timers.Cancel("tail");
        _timers.Cancel("ready");
        _timers.Cancel("probe");
        if (_probe is not null)
        {
            Context.Stop(_probe);
            _probe = null;
        }

        return exit;
    }

    private void RotateLogs()
    {
        // A starting pod's stderr is read up to its end before it is truncated: the ready line cannot be lost to it.
        if (_state == ManagedState.Starting)
            ReadReadyLine();
        if (LogRotator.RotateIfDue(_spec.StderrLogPath, _spec.LogMaxBytes, _spec.LogBackups, out var errError))
            _tail?.Rewind();
        LogRotator.RotateIfDue(_spec.StdoutLogPath, _spec.LogMaxBytes, _spec.LogBackups, out var outError);
        if ((errError ?? outError) is { } error)
            _log.Warning("managed pod {0}: {1}", _spec.Name, error);
    }

    private void Answer(IActorRef asker) =>
        asker.Tell(_state == ManagedState.Fatal ? new Managed.Refused(_spec.Name, _reason ?? "fatal") : new Managed.Done(_spec.Name, Status));

    private void ReplyAll(List<IActorRef> waiters)
    {
        foreach (var waiter in waiters)
            waiter.Tell(new Managed.Done(_spec.Name, Status));
        waiters.Clear();
    }

    private void RefuseAll(List<IActorRef> waiters, string reason)
    {
        foreach (var waiter in waiters)
            waiter.Tell(new Managed.Refused(_spec.Name, reason));
        waiters.Clear();
    }

    private void Transition(ManagedState to, string? reason)
    {
        var from = _state;
        _state = to;
        _reason = reason;
        Become(to switch
        {
            ManagedState.Starting => Starting,
            ManagedState.Running => Running,
            ManagedState.Stopping => Stopping,
            ManagedState.Backoff => InBackoff,
            _ => Resting,
        });
        var status = Status;
        var exit = to is ManagedState.Backoff or ManagedState.Exited or ManagedState.Fatal or ManagedState.Stopped ? _lastExit : null;
        Context.Parent.Tell(new Managed.ProcessStateChanged(_spec.Name, from, to, status.Pid ?? _process?.Pid, exit, reason, status));
    }
}
