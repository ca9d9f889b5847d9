using Spectre.Console;
using Yoi.Host.Output;

namespace Yoi.Host.Tests.Managed;

/// <summary>The managed columns of the panel and the sentences of the commands, without a terminal.</summary>
public sealed class ManagedOutputTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static PodReport Pod(string name, string? outcome, ManagedReport? managed) =>
        new(name, managed is null || outcome is not null ? $"/run/{name}/sock" : "", outcome is null ? 0 : 1, outcome, outcome == "ok", outcome == "ok" ? "idle" : null,
            outcome is null ? null : 1.5, null, outcome == "ok", 0, At.AddSeconds(-5), 10, 0, [])
        {
            Managed = managed,
        };

    private static FleetReport Fleet(params PodReport[] pods) => new(At, pods, new SupervisorReport(42, 7, 12, 99), null);

    [Fact]
    public void The_panel_adds_the_managed_columns_and_puts_fatal_and_backoff_pods_first()
    {
        var fleet = Fleet(
            Pod("a-plain", "ok", null),
            Pod("b-running", "ok", new ManagedReport("running", 10, 0, 3725, null, null, null)),
            Pod("c-fatal", null, new ManagedReport("fatal", null, 5, null, new ExitReport(1, null, At), null, "5 restarts within 60 s")),
            Pod("d-backoff", null, new ManagedReport("backoff", null, 2, null, new ExitReport(null, 9, At), At.AddSeconds(3), null)));
        var frame = PanelLayout.Lay(fleet, "/run", throughDaemon: true, width: 200, height: 20, scroll: 0);
        var lines = frame.Lines.Select(l => l.Text).ToList();
        var head = lines.Single(l => l.StartsWith("POD", StringComparison.Ordinal));
        Assert.Contains("PROCESS", head, StringComparison.Ordinal);
        Assert.Contains("UPTIME", head, StringComparison.Ordinal);
        var rows = lines.SkipWhile(l => l != head).Skip(1).Take(4).ToList();
        Assert.StartsWith("c-fatal", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("d-backoff", rows[1], StringComparison.Ordinal);
        Assert.Contains("exit 1 · 5 restarts within 60 s", rows[0], StringComparison.Ordinal);
        Assert.Contains("signal 9 (SIGKILL) · next start", rows[1], StringComparison.Ordinal);
        Assert.Contains("1h02m", rows.Single(r => r.StartsWith("b-running", StringComparison.Ordinal)), StringComparison.Ordinal);

        // Without managed pods the panel is as before.
        var plain = PanelLayout.Lay(Fleet(Pod("a-plain", "ok", null)), "/run", true, 200, 20, 0);
        Assert.DoesNotContain(plain.Lines, l => l.Text.Contains("PROCESS", StringComparison.Ordinal));
    }

    [Fact]
    public void The_status_table_shows_the_managed_columns_when_a_managed_pod_exists()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer) });
        console.Profile.Width = 220;
        console.Write(FleetTable.Build(Fleet(
            Pod("a-plain", "ok", null),
            Pod("never", null, new ManagedReport("fatal", null, 0, null, null, null, "cannot execute /nope: No such file or directory")))));
        var text = writer.ToString();
        Assert.Contains("PROCESS", text, StringComparison.Ordinal);
        Assert.Contains("LAST EXIT / REASON", text, StringComparison.Ordinal);
        Assert.Contains("cannot execute /nope", text, StringComparison.Ordinal);
        Assert.Contains("fatal", text, StringComparison.Ordinal);
        Assert.Contains("1 managed (0 running)", FleetTable.Summary(Fleet(Pod("never", null, new ManagedReport("fatal", null, 0, null, null, null, null))), true), StringComparison.Ordinal);
    }

    [Fact]
    public void The_commands_say_where_the_pod_stands()
    {
        Assert.Equal("alpha: starting, pid 42 (restarts 1)",
            Commands.ProcessClient.Sentence(new Control.Wire.DoneEvent("alpha", "start", new ManagedReport("starting", 42, 1, 0, null, null, null))));
        Assert.Equal("alpha: stopped (last exit: signal 2 (SIGINT))",
            Commands.ProcessClient.Sentence(new Control.Wire.DoneEvent("alpha", "stop", new ManagedReport("stopped", null, 0, null, new ExitReport(null, 2, At), null, null))));
        Assert.Equal("reloaded /c.json: added b; removed none; changed a, c; 4 unchanged",
            Commands.ReloadCommand.Sentence(new Control.Wire.ReloadedEvent("/c.json", ["b"], [], ["a", "c"], 4)));
    }
}
