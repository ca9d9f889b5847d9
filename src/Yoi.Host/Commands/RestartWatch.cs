using System.Globalization;
using Yoi.Actors.Managed.Native;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary>The demo's restart: kills one managed pod once it runs, then watches the reports until a new process of
/// it runs.</summary>
public sealed class RestartWatch(string victim, Func<int, bool>? kill = null)
{
    private readonly Func<int, bool> _kill = kill ?? (pid => ProcessSignals.Send(pid, ProcessSignals.SIGKILL));
    private DateTimeOffset _killedAt;
    private int _killCycle;

    public int? KilledPid { get; private set; }
    public int? RestartedPid { get; private set; }
    public TimeSpan? Took { get; private set; }
    public int Restarts { get; private set; }

    /// <summary>Killed, and running again as another process.</summary>
    public bool Done => RestartedPid is not null;

    /// <summary>Takes one cycle's report in; returns the pid it killed when it killed one now (the first cycle from
    /// <paramref name="killFrom"/> on that shows the victim running).</summary>
    public int? Observe(FleetReport report, int cycle, int killFrom)
    {
        var managed = report.Pods.FirstOrDefault(p => p.Name == victim && p.Managed is not null)?.Managed;
        if (managed is not { State: "running", Pid: { } pid })
            return null;
        if (KilledPid is null)
        {
            if (cycle < killFrom || !_kill(pid))
                return null;
            KilledPid = pid;
            _killedAt = report.At;
            _killCycle = cycle;
            return pid;
        }

        if (RestartedPid is null && pid != KilledPid)
        {
            RestartedPid = pid;
            Took = report.At - _killedAt;
            Restarts = managed.Restarts;
        }

        return null;
    }

    public string Describe()
    {
        string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        if (KilledPid is null)
            return I($"[yellow]{victim} never ran long enough to be killed[/]");
        if (RestartedPid is null)
            return I($"{victim} killed with SIGKILL (pid {KilledPid}) in cycle {_killCycle}; [red]not running again by the end[/]");
        return I($"{victim} killed with SIGKILL (pid {KilledPid}) in cycle {_killCycle}; running again as pid {RestartedPid} within {Took!.Value.TotalSeconds:0.0} s (restarts {Restarts}) [green](restarted)[/]");
    }
}
