using System.Globalization;
using System.Text;

namespace Yoi.Host.Output;

/// <summary>The panel as lines for a terminal of a given size: header and summary always on top, then the column
/// heads, then as many pod rows as fit — trouble first (unreachable, then failing, then the rest) — and a last line
/// saying how many rows are above and below. A pure function of its inputs.</summary>
public static class PanelLayout
{
    private const int MaxNameWidth = 32;
    private const int Gap = 2;

    private static readonly (string Head, int Width, bool Right)[] FixedColumns =
    [
        ("OUTCOME", 12, false),
        ("STATUS", 8, false),
        ("LATENCY", 9, true),
        ("FAILS", 5, true),
        ("LAST CHANGE", 11, false),
    ];

    private static readonly (string Head, int Width, bool Right)[] ManagedColumns =
    [
        ("PROCESS", 8, false),
        ("RST", 3, true),
        ("UPTIME", 6, true),
    ];

    /// <summary>0 for unreachable pods (and managed pods in backoff or fatal), 1 for failing ones (probed, not ok; a
    /// managed pod that exited), 2 for the rest (ok or not yet probed).</summary>
    public static int TroubleRank(PodReport pod) => pod.Managed?.State switch
    {
        "fatal" or "backoff" => 0,
        "exited" => 1,
        "stopped" => 2,
        _ => pod.Outcome is null ? 2 : !pod.Reachable ? 0 : pod.Outcome != "ok" ? 1 : 2,
    };

    /// <summary>The pods in the panel's order: by <see cref="TroubleRank"/>, then by name.</summary>
    public static IReadOnlyList<PodReport> Order(IReadOnlyList<PodReport> pods) =>
        pods.OrderBy(TroubleRank).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();

    public static PanelFrame Lay(FleetReport report, string runtimeDir, bool throughDaemon, int width, int height, int scroll)
    {
        width = Math.Max(width, 1);
        height = Math.Max(height, 1);
        var top = new List<PanelLine>
        {
            new(string.Create(CultureInfo.InvariantCulture,
                $"yoi-supervisor · {TerminalText.Line(runtimeDir)} · cycle {report.Supervisor.Cycles} · {report.At.ToLocalTime():HH:mm:ss}"), LineStyle.Header),
            new(Summary(report, throughDaemon), LineStyle.Plain),
        };
        if (report.RegistryError is { } error)
            top.Add(new PanelLine("registry: " + TerminalText.Line(error), LineStyle.Trouble));

        var pods = Order(report.Pods);
        var nameWidth = Math.Clamp(pods.Count == 0 ? 4 : pods.Max(p => TerminalText.Name(p.Name).Length), 4, MaxNameWidth);
        var columns = pods.Any(p => p.Managed is not null) ? [.. FixedColumns, .. ManagedColumns] : FixedColumns;
        top.Add(new PanelLine(Row(nameWidth, "POD", columns.Select(c => c.Head).ToArray(), "DETAIL", columns), LineStyle.Dim));

        // One line is kept for the footer; the rows get the rest.
        var rowSpace = Math.Max(0, height - top.Count - 1);
        var maxScroll = Math.Max(0, pods.Count - rowSpace);
        scroll = Math.Clamp(scroll, 0, maxScroll);

        var lines = new List<PanelLine>(height);
        lines.AddRange(top);
        var shown = Math.Min(rowSpace, pods.Count - scroll);
        for (var i = scroll; i < scroll + shown; i++)
            lines.Add(PodLine(pods[i], report.At, nameWidth, columns));
        lines.Add(new PanelLine(Footer(pods.Count, scroll, shown), LineStyle.Dim));

        return new PanelFrame(lines.Take(height).Select(l => l with { Text = Fit(l.Text, width) }).ToList(), scroll, maxScroll);
    }

    /// <summary>The panel before the first cycle.</summary>
    public static PanelFrame Waiting(string runtimeDir, int width) =>
        new([new PanelLine(Fit($"yoi-supervisor · {TerminalText.Line(runtimeDir)} · waiting for the first cycle…  q quits", Math.Max(width, 1)), LineStyle.Header)], 0, 0);

    public static string Summary(FleetReport report, bool throughDaemon)
    {
        var unreachable = report.Pods.Count(p => TroubleRank(p) == 0);
        var failing = report.Pods.Count(p => TroubleRank(p) == 1);
        var ok = report.Pods.Count(p => p.Outcome == "ok");
        var who = throughDaemon ? $"daemon pid {report.Supervisor.Pid}" : "in-process";
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Pods.Count} pods: {unreachable} unreachable, {failing} failing, {ok} ok · supervisor ({who}): {report.Supervisor.OpenFds} open fds, {report.Supervisor.OpenConnections} open connections");
    }

    private static string Footer(int rows, int scroll, int shown)
    {
        if (rows == 0) return "no pods registered · q quits";
        var below = rows - scroll - shown;
        var where = shown == 0 ? $"{rows} rows" : $"rows {scroll + 1}–{scroll + shown} of {rows}";
        var more = below > 0 ? $"+{below} more · " : "";
        var scrollHint = shown < rows ? " · ↑↓ PgUp PgDn Home End scroll" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{more}{where}{scrollHint} · q quits");
    }

    private static PanelLine PodLine(PodReport pod, DateTimeOffset at, int nameWidth, (string Head, int Width, bool Right)[] columns)
    {
        var cells = new List<string>
        {
            pod.Outcome ?? "-",
            pod.Status is { } status ? TerminalText.Line(status) : "-",
            pod.LatencyMs is { } ms ? FleetTable.FormatMs(ms) : "-",
            pod.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
            pod.LastChange is { } lc ? FleetTable.Ago(at - lc) : "-",
        };
        var detail = pod.Detail is { } d ? TerminalText.Line(d) : "";
        if (columns.Length > FixedColumns.Length)
        {
            var m = pod.Managed;
            cells.Add(m?.State ?? "-");
            cells.Add(m is null ? "" : m.Restarts.ToString(CultureInfo.InvariantCulture));
            cells.Add(m?.UptimeS is { } up ? FleetTable.Duration(up) : m is null ? "" : "-");
            if (m is not null && FleetTable.ExitAndReason(m) is { Length: > 0 } why)
                detail = detail.Length == 0 ? why : $"{why} · {detail}";
        }

        var style = TroubleRank(pod) switch
        {
            0 => LineStyle.Trouble,
            1 => pod.Outcome is "no-status" or "closed" ? LineStyle.Warning : LineStyle.Trouble,
            _ => pod.Outcome is null or "stale" ? LineStyle.Dim : LineStyle.Plain,
        };
        return new PanelLine(Row(nameWidth, TerminalText.Name(pod.Name), cells.ToArray(), detail, columns), style);
    }

    private static string Row(int nameWidth, string name, string[] cells, string detail, (string Head, int Width, bool Right)[] columns)
    {
        var b = new StringBuilder(160);
        b.Append(Fit(name, nameWidth).PadRight(nameWidth));
        for (var i = 0; i < columns.Length; i++)
        {
            var (_, w, right) = columns[i];
            var cell = Fit(cells[i], w);
            b.Append(' ', Gap).Append(right ? cell.PadLeft(w) : cell.PadRight(w));
        }

        return b.Append(' ', Gap).Append(detail).ToString().TrimEnd();
    }

    /// <summary><paramref name="text"/> cut to <paramref name="width"/> characters, an ellipsis marking the cut.</summary>
    public static string Fit(string text, int width)
    {
        if (text.Length <= width) return text;
        if (width <= 1) return text[..width];
        var cut = width - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
