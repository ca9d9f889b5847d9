using Yoi.Actors.Protocol;

namespace Yoi.Actors.Managed;

/// <summary>One managed pod as its configuration gives it, fully resolved (defaults applied, placeholders expanded,
/// validated by the configuration layer). Equality is by value, collections included, so <c>reload</c> can tell a
/// changed pod from an unchanged one.</summary>
public sealed record ManagedPodSpec
{
    public required string Name { get; init; }

    /// <summary>The registry file it registers in and the names it speaks (config <c>dialect</c>).</summary>
    public Dialect Dialect { get; init; } = Dialect.Pod;

    /// <summary>The argv, placeholders already expanded; <c>Command[0]</c> is looked up in <c>PATH</c> when it has no slash.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public string? Workspace { get; init; }
    public string? Profile { get; init; }

    /// <summary>The working directory (default: the workspace, else the supervisor's).</summary>
    public string? Cwd { get; init; }

    /// <summary>Added to the supervisor's environment, with <c>YOI_RUNTIME_DIR</c> set to the supervisor's runtime dir.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public RestartPolicy Restart { get; init; } = RestartPolicy.Always;
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMilliseconds(20000);
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(1000);
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMilliseconds(300000);
    public TimeSpan BackoffReset { get; init; } = TimeSpan.FromMilliseconds(600000);
    public int MaxRestarts { get; init; } = 5;
    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromMilliseconds(60000);
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromMilliseconds(10000);

    /// <summary>Consecutive failed probes of a running pod before it counts as hung and is restarted; 0 = off.</summary>
    public int LivenessFailures { get; init; } = 3;

    public required string LogDir { get; init; }
    public long LogMaxBytes { get; init; } = 10485760;
    public int LogBackups { get; init; } = 3;
    public OnExitPolicy OnExit { get; init; } = OnExitPolicy.Stop;

    /// <summary><c>&lt;log_dir&gt;/&lt;name&gt;.out.log</c> (the configuration refuses a name too long for it): the child's stdout, appended to directly by the child.</summary>
    public string StdoutLogPath => Path.Combine(LogDir, Name + ".out.log");

    /// <summary><c>&lt;log_dir&gt;/&lt;name&gt;.err.log</c>: the child's stderr (where the ready line is written).</summary>
    public string StderrLogPath => Path.Combine(LogDir, Name + ".err.log");

    public bool Equals(ManagedPodSpec? other) =>
        other is not null
        && Name == other.Name && Dialect == other.Dialect && Command.SequenceEqual(other.Command)
        && Workspace == other.Workspace && Profile == other.Profile && Cwd == other.Cwd
        && Env.Count == other.Env.Count && Env.All(kv => other.Env.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && Restart == other.Restart && ReadyTimeout == other.ReadyTimeout
        && BackoffInitial == other.BackoffInitial && BackoffMax == other.BackoffMax && BackoffReset == other.BackoffReset
        && MaxRestarts == other.MaxRestarts && RestartWindow == other.RestartWindow && StopGrace == other.StopGrace
        && LivenessFailures == other.LivenessFailures && LogDir == other.LogDir && LogMaxBytes == other.LogMaxBytes
        && LogBackups == other.LogBackups && OnExit == other.OnExit;

    public override int GetHashCode() => HashCode.Combine(Name, Dialect, Command.Count, Workspace);
}
