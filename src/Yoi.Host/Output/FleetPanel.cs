using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Yoi.Host.Output;

/// <summary>The panel's screen: a header, the fleet table with diagnostics, and a footer with the supervisor's
/// open fds and open connections.</summary>
public static class FleetPanel
{
    public static IRenderable Build(FleetReport report, string runtimeDir, bool throughDaemon, string? note = null)
    {
        var header = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]yoi-supervisor[/] · {Markup.Escape(runtimeDir)} · cycle {report.Supervisor.Cycles} · {report.At.ToLocalTime():HH:mm:ss}"));
        var footer = new Markup(Footer(report, throughDaemon) + (note is null ? "" : $"  [yellow]{Markup.Escape(note)}[/]"));
        var rows = new List<IRenderable> { header, FleetTable.Build(report, panel: true), footer };
        if (report.RegistryError is { } error)
            rows.Insert(1, new Markup($"[red]registry: {Markup.Escape(error)}[/]"));
        return new Rows(rows);
    }

    public static IRenderable Waiting(string runtimeDir) =>
        new Markup($"[bold]yoi-supervisor[/] · {Markup.Escape(runtimeDir)} · waiting for the first cycle…  [grey]q quits[/]");

    public static string Footer(FleetReport report, bool throughDaemon)
    {
        var who = throughDaemon ? $"daemon pid {report.Supervisor.Pid}" : "in-process";
        var ok = report.Pods.Count(p => p.Outcome == "ok");
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Pods.Count} pods, {ok} ok · supervisor ({who}): [bold]{report.Supervisor.OpenFds}[/] open fds, [bold]{report.Supervisor.OpenConnections}[/] open connections · [grey]q quits[/]");
    }

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
