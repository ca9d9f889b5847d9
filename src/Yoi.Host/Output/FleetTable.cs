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
            cells.Add(new Text(pod.Pid.ToString(CultureInfo.InvariantCulture)));

            cells.Add(new Text(pod.Detail is { } detail ? TerminalText.Line(detail) : ""));
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
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Pods.Count} pods, {reachable} reachable · supervisor ({who}): {report.Supervisor.OpenFds} open fds, {report.Supervisor.OpenConnections} open connections");
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
