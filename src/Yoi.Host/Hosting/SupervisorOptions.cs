using Microsoft.Extensions.Configuration;
using Yoi.Actors.Connections;
using Yoi.Actors.Framing;
using Yoi.Actors.Supervision;

namespace Yoi.Host.Hosting;

/// <summary>The supervisor's options, bound from configuration: <c>appsettings.json</c> beside the executable, then
/// <c>YOI_SUPERVISOR_*</c> environment variables (e.g. <c>YOI_SUPERVISOR_PERIOD_MS</c>), then command-line flags.</summary>
public sealed class SupervisorOptions
{
    [ConfigurationKeyName("runtime_dir")]
    public string? RuntimeDir { get; set; }

    [ConfigurationKeyName("period_ms")]
    public int PeriodMs { get; set; } = 2000;

    [ConfigurationKeyName("timeout_ms")]
    public int TimeoutMs { get; set; } = 200;

    [ConfigurationKeyName("failure_threshold")]
    public int FailureThreshold { get; set; } = 3;

    [ConfigurationKeyName("success_threshold")]
    public int SuccessThreshold { get; set; } = 1;

    [ConfigurationKeyName("max_line_bytes")]
    public int MaxLineBytes { get; set; } = LineFramer.DefaultMaxLineBytes;

    [ConfigurationKeyName("subscriber_backlog_bytes")]
    public long SubscriberBacklogBytes { get; set; } = Actors.Sessions.PodSession.DefaultMaxBacklogBytes;

    /// <summary>The most control connections served at once; beyond it a client gets <c>error busy</c> and is closed.
    /// Unset: a quarter of the fd limit in force, at most 1024 (<see cref="FdLimits.DefaultControlConnections"/>).</summary>
    [ConfigurationKeyName("max_control_connections")]
    public int? MaxControlConnections { get; set; }

    /// <summary>How long one method's write to a pod may take; past it the send fails <c>timeout</c> and the connection
    /// is closed (a pod that does not read).</summary>
    [ConfigurationKeyName("write_timeout_ms")]
    public int WriteTimeoutMs { get; set; } = (int)PodConnectionConfig.DefaultWriteTimeout.TotalMilliseconds;

    /// <summary>The bounds of each control connection, and their number.</summary>
    public Control.ControlLimits ControlLimits() =>
        new(MaxLineBytes, SubscriberBacklogBytes, MaxConnections: MaxControlConnections ?? FdLimits.DefaultControlConnections(FdLimits.Soft()));

    /// <summary>The actor-system settings these options make (the pod connections' write deadline).</summary>
    public string ActorSystemHocon() => PodConnectionConfig.Hocon(TimeSpan.FromMilliseconds(WriteTimeoutMs));

    /// <summary>Null when usable, else the first problem, phrased for a person.</summary>
    public string? Validate()
    {
        if (PeriodMs <= 0) return $"period_ms must be positive (got {PeriodMs})";
        if (TimeoutMs <= 0) return $"timeout_ms must be positive (got {TimeoutMs})";
        if (FailureThreshold <= 0) return $"failure_threshold must be positive (got {FailureThreshold})";
        if (SuccessThreshold <= 0) return $"success_threshold must be positive (got {SuccessThreshold})";
        if (MaxLineBytes < 1024) return $"max_line_bytes must be at least 1024 (got {MaxLineBytes})";
        if (SubscriberBacklogBytes < 64 * 1024) return $"subscriber_backlog_bytes must be at least 65536 (got {SubscriberBacklogBytes})";
        if (MaxControlConnections is <= 0) return $"max_control_connections must be positive (got {MaxControlConnections})";
        if (WriteTimeoutMs <= 0) return $"write_timeout_ms must be positive (got {WriteTimeoutMs})";
        if (RuntimeDir is { Length: 0 }) return "the runtime directory must not be empty";
        return null;
    }

    /// <param name="managed">The pods to start and keep alive (<c>run</c> only: a one-shot command never manages any).</param>
    public SupervisorSettings ToSettings(string runtimeDir, IReadOnlyList<Actors.Managed.ManagedPodSpec>? managed = null) => new()
    {
        Managed = managed ?? [],
        RuntimeDir = runtimeDir,
        Period = TimeSpan.FromMilliseconds(PeriodMs),
        ProbeTimeout = TimeSpan.FromMilliseconds(TimeoutMs),
        FailureThreshold = FailureThreshold,
        SuccessThreshold = SuccessThreshold,
        MaxLineBytes = MaxLineBytes,
        MaxBacklogBytes = SubscriberBacklogBytes,
    };
}
