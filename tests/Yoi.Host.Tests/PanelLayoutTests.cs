using Yoi.Host.Output;

namespace Yoi.Host.Tests;

/// <summary>The panel's layout rules, without a terminal.</summary>
public sealed class PanelLayoutTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static PodReport Pod(string name, string? outcome, bool reachable, string? detail = null) =>
        new(name, $"/run/{name}/sock", 1, outcome, reachable, outcome == "ok" ? "idle" : null, outcome is null ? null : 1.5, detail,
            outcome == "ok", outcome is "ok" or null ? 0 : 3, At.AddSeconds(-5), 10, 0, []);

    private static FleetReport Fleet(IEnumerable<PodReport> pods, string? registryError = null) =>
        new(At, pods.ToList(), new SupervisorReport(42, 7, 12, 99), registryError);

    private static FleetReport Thousand() => Fleet(Enumerable.Range(0, 1000).Select(i => i switch
    {
        _ when i % 100 == 3 => Pod($"sim-{i:D4}", "refused", false, "connection refused"),
        _ when i % 100 == 50 => Pod($"sim-{i:D4}", "no-status", true, "no status within 1000 ms"),
        _ => Pod($"sim-{i:D4}", "ok", true),
    }));

    private static string[] Texts(PanelFrame frame) => frame.Lines.Select(l => l.Text).ToArray();

    [Fact]
    public void Trouble_comes_first_unreachable_then_failing_then_the_rest_by_name()
    {
        var order = PanelLayout.Order(
        [
            Pod("a-ok", "ok", true),
            Pod("b-quiet", "no-status", true),
            Pod("c-refused", "refused", false),
            Pod("d-unprobed", null, false),
            Pod("e-closed", "closed", true),
            Pod("f-missing", "missing", false),
        ]).Select(p => p.Name);
        Assert.Equal(["c-refused", "f-missing", "b-quiet", "e-closed", "a-ok", "d-unprobed"], order);
    }

    [Fact]
    public void Header_and_summary_stay_on_top_at_a_thousand_pods_and_the_rest_is_counted()
    {
        var frame = PanelLayout.Lay(Thousand(), "/run/yoi", throughDaemon: true, width: 120, height: 30, scroll: 0);
        var lines = Texts(frame);

        Assert.Equal(30, lines.Length);
        Assert.StartsWith("yoi-supervisor · /run/yoi · cycle 12", lines[0]);
        Assert.Equal("1000 pods: 10 unreachable, 10 failing, 980 ok · supervisor (daemon pid 99): 42 open fds, 7 open connections", lines[1]);
        Assert.StartsWith("POD", lines[2]);
        // 30 lines: header, summary, column heads, 26 rows, the footer.
        var rows = lines[3..29];
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"sim-{i * 100 + 3:D4}"), rows[..10].Select(r => r.Split(' ')[0]));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"sim-{i * 100 + 50:D4}"), rows[10..20].Select(r => r.Split(' ')[0]));
        Assert.Contains("refused", rows[0]);
        Assert.Contains("no-status", rows[10]);
        Assert.StartsWith("+974 more · rows 1–26 of 1000", lines[29]);
        Assert.Equal(LineStyle.Trouble, frame.Lines[3].Style);
        Assert.All(lines, l => Assert.True(l.Length <= 120, l));
    }

    [Fact]
    public void Scrolling_moves_the_rows_only_and_clamps_at_both_ends()
    {
        var report = Thousand();
        var scrolled = PanelLayout.Lay(report, "/run/yoi", false, 120, 30, scroll: 26);
        Assert.Equal(26, scrolled.Scroll);
        Assert.StartsWith("yoi-supervisor", scrolled.Lines[0].Text);
        Assert.StartsWith("1000 pods", scrolled.Lines[1].Text);
        Assert.StartsWith("+948 more · rows 27–52 of 1000", scrolled.Lines[^1].Text);

        var past = PanelLayout.Lay(report, "/run/yoi", false, 120, 30, scroll: 5000);
        Assert.Equal(974, past.Scroll);
        Assert.Equal(974, past.MaxScroll);
        Assert.StartsWith("sim-0999", past.Lines[^2].Text);
        Assert.StartsWith("rows 975–1000 of 1000", past.Lines[^1].Text);

        var before = PanelLayout.Lay(report, "/run/yoi", false, 120, 30, scroll: -3);
        Assert.Equal(0, before.Scroll);
    }

    [Fact]
    public void A_small_fleet_fits_without_a_more_line_and_an_empty_one_says_so()
    {
        var small = Texts(PanelLayout.Lay(Fleet([Pod("alpha", "ok", true), Pod("nobody", "refused", false)]), "/r", false, 100, 40, 0));
        Assert.Equal(6, small.Length);
        Assert.StartsWith("nobody", small[3]);
        Assert.StartsWith("alpha", small[4]);
        Assert.Equal("rows 1–2 of 2 · q quits", small[5]);
        Assert.DoesNotContain(small, l => l.Contains("more", StringComparison.Ordinal));

        var empty = Texts(PanelLayout.Lay(Fleet([]), "/r", false, 100, 40, 0));
        Assert.Equal("no pods registered · q quits", empty[^1]);
    }

    [Fact]
    public void A_tiny_terminal_still_shows_header_and_summary_and_lines_are_cut_to_its_width()
    {
        var frame = Texts(PanelLayout.Lay(Thousand(), "/run/yoi", false, width: 30, height: 4, scroll: 0));
        Assert.Equal(4, frame.Length);
        Assert.StartsWith("yoi-supervisor", frame[0]);
        Assert.StartsWith("1000 pods", frame[1]);
        Assert.StartsWith("+1000 more", frame[3]);
        Assert.All(frame, l => Assert.True(l.Length <= 30, l));
        Assert.EndsWith("…", frame[1]);
    }

    [Fact]
    public void Registry_errors_and_hostile_names_are_escaped_and_shown_under_the_summary()
    {
        var frame = Texts(PanelLayout.Lay(Fleet([Pod("\u001b[31mred\u0007", "ok", true, "bad\ndetail")], "pods.json: \u001b[2Jbroken"), "/r", false, 120, 20, 0));
        Assert.Equal(@"registry: pods.json: \u{1b}[2Jbroken", frame[2]);
        Assert.Contains(@"\u{1b}[31mred\u{7}", frame[4]);
        Assert.Contains(@"bad\ndetail", frame[4]);
        Assert.All(frame, l => Assert.DoesNotContain(l, c => char.IsControl(c)));
    }

    [Fact]
    public void The_renderer_rewrites_only_the_lines_that_changed()
    {
        var output = new StringWriter();
        var renderer = new PanelRenderer(output, colour: false);
        var report = Thousand();
        renderer.Draw(PanelLayout.Lay(report, "/r", false, 120, 30, 0), 120, 30);
        Assert.Equal(30, renderer.LastLinesWritten);

        // The next cycle: one pod's latency changed, and the header's cycle number.
        var pods = report.Pods.ToList();
        pods[3] = pods[3] with { LatencyMs = 99 };
        var next = report with { Pods = pods, Supervisor = report.Supervisor with { Cycles = 13 } };
        output.GetStringBuilder().Clear();
        renderer.Draw(PanelLayout.Lay(next, "/r", false, 120, 30, 0), 120, 30);
        Assert.Equal(2, renderer.LastLinesWritten);
        Assert.Contains("\e[1;1H", output.ToString());

        output.GetStringBuilder().Clear();
        renderer.Draw(PanelLayout.Lay(next, "/r", false, 120, 30, 0), 120, 30);
        Assert.Equal(0, renderer.LastLinesWritten);
        Assert.Equal("", output.ToString());

        // A new size redraws everything.
        renderer.Draw(PanelLayout.Lay(next, "/r", false, 100, 20, 0), 100, 20);
        Assert.Equal(20, renderer.LastLinesWritten);
    }
}
