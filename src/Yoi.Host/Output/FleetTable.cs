using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Yoi.Host.Output;

/// <summary>The fleet as a table for people.</summary>
public static class FleetTable
{
    public static Table Build(FleetReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("POD");
        table.AddColumn("OUTCOME");
        table.AddColumn("STATUS");
        table.AddColumn(new TableColumn("LATENCY").RightAligned());
        table.AddColumn(new TableColumn("PID").RightAligned());

        table.AddColumn("DETAIL");
        // The managed columns when the supervisor runs any pod itself.
        var managed = report.Pods.Any(p => p.Managed is not null);
        if (managed)
        {
            table.AddColumn("PROCESS");
            table.AddColumn(new TableColumn("RESTARTS").RightAligned());
            table.AddColumn(new TableColumn("UPTIME").RightAligned());
            table.AddColumn("LAST EXIT / REASON");
        }

        // A dialect column when both generations are in the fleet, or a row contradicts its file.
        var dialects = report.Pods.Any(p => p.Dialect != report.Pods[0].Dialect || p.DialectMismatch || p.NameInBothFiles);
        if (dialects)
            table.AddColumn("DIALECT");

        foreach (var pod in report.Pods)
        {
            var cells = new List<IRenderable>
            {
                new Text(TerminalText.Name(pod.Name)),
                new Markup(OutcomeMarkup(pod.Outcome)),
                new Text(pod.Status is { } status ? TerminalText.Line(status) : "-"),
                new Text(pod.LatencyMs is { } ms ? FormatMs(ms) : "-"),
            };
            var pid = pod.Pid == 0 && pod.Managed?.Pid is { } managedPid ? managedPid : pod.Pid;
            cells.Add(new Text(pid == 0 ? "-" : pid.ToString(CultureInfo.InvariantCulture)));

            cells.Add(new Text(pod.Detail is { } detail ? TerminalText.Line(detail) : ""));
            if (managed)
            {
                var m = pod.Managed;
                cells.Add(new Markup(m is null ? "[grey]-[/]" : StateMarkup(m.State)));
                cells.Add(new Text(m is null ? "" : m.Restarts.ToString(CultureInfo.InvariantCulture)));
                cells.Add(new Text(m?.UptimeS is { } up ? Duration(up) : m is null ? "" : "-"));
                cells.Add(new Text(m is null ? "" : ExitAndReason(m)));
            }
            if (dialects)
                cells.Add(new Text(pod.Dialect + (pod.DialectMismatch ? $" (greets as {pod.GreetedDialect}!)" : "") + (pod.NameInBothFiles ? " (name in both files)" : "")));
            table.AddRow(cells);
        }

        if (report.Pods.Count == 0)
        {
            table.Caption("no pods registered");
        }

        return table;
    }

    /// <summary>The table and its summary line on stdout.</summary>
    public static void Print(FleetReport report, bool throughDaemon)
    {
        Terminal.Out.Write(Build(report));
        Terminal.Out.WriteLine(Summary(report, throughDaemon));
    }

    public static string Summary(FleetReport report, bool throughDaemon)
    {
        var reachable = report.Pods.Count(p => p.Reachable);
        var who = throughDaemon ? $"daemon pid {report.Supervisor.Pid}" : "in-process";
        var managed = report.Pods.Count(p => p.Managed is not null);
        var managedText = managed == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $", {managed} managed ({report.Pods.Count(p => p.Managed?.State == "running")} running)");
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Pods.Count} pods, {reachable} reachable{managedText} · supervisor ({who}): {report.Supervisor.OpenFds} open fds, {report.Supervisor.OpenConnections} open connections");
    }

    /// <summary>A managed pod's state, coloured as its trouble.</summary>
    public static string StateMarkup(string state) => state switch
    {
        "running" => "[green]running[/]",
        "starting" or "stopping" => $"[yellow]{state}[/]",
        "backoff" or "fatal" => $"[red]{state}[/]",
        _ => $"[grey]{Markup.Escape(state)}[/]",
    };

    /// <summary>"exit 1 · 5 restarts within 60 s", "signal 9 (SIGKILL)", the reason alone, or empty.</summary>
    public static string ExitAndReason(ManagedReport m)
    {
        var parts = new List<string>(2);
        if (m.LastExit is { } exit) parts.Add(exit.ToString());
        if (m.Reason is { } reason) parts.Add(TerminalText.Line(reason));
        if (m.NextStartAt is { } next) parts.Add($"next start {next.ToLocalTime():HH:mm:ss}");
        return string.Join(" · ", parts);
    }

    /// <summary>12s, 4m05s, 3h12m, 2d04h.</summary>
    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds}s"
            : span.TotalMinutes < 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s")
            : span.TotalHours < 24 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{span.Hours:00}h");
    }

    public static string OutcomeMarkup(string? outcome) => outcome switch
    {
        null => "[grey]-[/]",
        "ok" => "[green]ok[/]",
        "no-status" or "closed" => $"[yellow]{Markup.Escape(outcome)}[/]",
        "stale" => "[grey]stale[/]",
        _ => $"[red]{Markup.Escape(outcome)}[/]",
    };

    public static string FormatMs(double ms) => ms < 10
        ? ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static string Ago(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds}s ago"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m ago"
            : $"{(int)span.TotalHours}h ago";
    }
}
