using System.Globalization;

namespace Yoi.Host.Output;

/// <summary>The panel's progress line for when stdout is not a terminal (on a terminal: <see cref="PanelLayout"/>).</summary>
public static class FleetPanel
{
    /// <summary>One plain line per cycle, for when stdout is not a terminal.</summary>
    public static string ProgressLine(FleetReport report)
    {
        var outcomes = string.Join(", ", report.Pods
            .GroupBy(p => p.Outcome ?? "unprobed")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"cycle {report.Supervisor.Cycles}: {report.Pods.Count} pods ({outcomes}); open fds {report.Supervisor.OpenFds}, open connections {report.Supervisor.OpenConnections}");
    }
}
