using System.Diagnostics;
using System.Globalization;
using Yoi.Simulation;
using Xunit.Abstractions;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>The panel at a thousand pods in a real terminal (tmux), through a daemon probing every 2 s: it fits the
/// terminal with the trouble on top, scrolls, quits on q, and costs little CPU.</summary>
public sealed class PanelThousandTests : IAsyncLifetime
{
    private const int Width = 160;
    private const int Height = 40;
    private readonly string _session = "yoi-panel1k-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ITestOutputHelper _log;
    private SimulatedFleetFixture _fleet = null!;
    private CliProcess _daemon = null!;

    public PanelThousandTests(ITestOutputHelper log) => _log = log;

    public async Task InitializeAsync()
    {
        // 10 refused (unreachable) and 10 silent (failing) pods spread among 980 healthy ones.
        _fleet = await SimulatedFleetFixture.StartAsync(Enumerable.Range(0, 1000).Select(i => new PodSpec(
            string.Create(CultureInfo.InvariantCulture, $"sim-{i:D4}"),
            i % 100 == 7 ? PodMode.Refused : i % 100 == 55 ? PodMode.Silent : PodMode.Normal)));
        _daemon = CliProcess.Start("run", "--runtime-dir", _fleet.RuntimeDir, "--period-ms", "2000", "--timeout-ms", "1000");
        await Eventually.Until(() => _daemon.Stderr.Contains("supervising", StringComparison.Ordinal) || _daemon.HasExited, Cli.Ceiling, "the daemon to start");
        Assert.False(_daemon.HasExited, _daemon.Stderr);
    }

    public async Task DisposeAsync()
    {
        await PanelTests.Tmux("kill-session", "-t", _session);
        await _daemon.DisposeAsync();
        await _fleet.DisposeAsync();
    }

    [Fact]
    public async Task Panel_at_a_thousand_pods_fits_the_terminal_trouble_first_scrolls_quits_and_is_cheap()
    {
        var exitFile = Path.Combine(_fleet.RuntimeDir, "panel.exit");
        var command = $"dotnet {Cli.Dll} panel --runtime-dir {_fleet.RuntimeDir}; echo $? > {exitFile}";
        var started = await PanelTests.Tmux("new-session", "-d", "-s", _session, "-x", $"{Width}", "-y", $"{Height}", command);
        Assert.True(started.Code == 0, started.Output);

        // A full cycle on screen: all thousand pods probed, the faulty ones classified.
        var screen = await ScreenUntil(s => s.Length > 1 && s[1].StartsWith("1000 pods: 10 unreachable, 10 failing, 980 ok", StringComparison.Ordinal),
            "the panel to show a classified cycle of 1000 pods");

        Assert.StartsWith("yoi-supervisor", screen[0]);
        Assert.StartsWith("POD", screen[2]);
        var rows = screen[3..(Height - 1)];
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"sim-{i * 100 + 7:D4}"), rows[..10].Select(FirstWord));
        Assert.All(rows[..10], r => Assert.Contains("refused", r));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"sim-{i * 100 + 55:D4}"), rows[10..20].Select(FirstWord));
        Assert.All(rows[10..20], r => Assert.Contains("no-status", r));
        Assert.StartsWith($"+{1000 - rows.Length} more · rows 1–{rows.Length} of 1000", screen[Height - 1]);

        // The panel process's CPU over ten 2 s cycles.
        var panelPid = await PanelPid();
        var (ticks0, clock0) = (CpuTicks(panelPid), Stopwatch.GetTimestamp());
        await Task.Delay(TimeSpan.FromSeconds(20));
        var (ticks1, elapsed) = (CpuTicks(panelPid), Stopwatch.GetElapsedTime(clock0));
        var share = (ticks1 - ticks0) / 100.0 / elapsed.TotalSeconds; // USER_HZ is 100 on Linux
        _log.WriteLine($"panel pid {panelPid}: {share:P1} of a core over {elapsed.TotalSeconds:F1} s at 1000 pods, 2 s period");
        Assert.True(share < 0.25, $"the panel used {share:P1} of a core");

        // Down scrolls the rows by one; the header and summary stay.
        await PanelTests.Tmux("send-keys", "-t", _session, "Down");
        screen = await ScreenUntil(s => s.Length > 3 && FirstWord(s[3]) == "sim-0107", "Down to scroll one row");
        Assert.StartsWith("yoi-supervisor", screen[0]);
        Assert.StartsWith("1000 pods", screen[1]);
        await PanelTests.Tmux("send-keys", "-t", _session, "End");
        screen = await ScreenUntil(s => s.Length >= Height && FirstWord(s[Height - 2]) == "sim-0999", "End to show the last row");
        Assert.StartsWith("rows ", screen[Height - 1]);

        // A smaller terminal: the panel fits its height (SIGWINCH), header and summary still on top, the scroll offset
        // kept: 16 rows from the 965th.
        await PanelTests.Tmux("resize-window", "-t", _session, "-x", "100", "-y", "20");
        screen = await ScreenUntil(s => s.Length >= 20 && s[19].StartsWith("+20 more · rows 965–980 of 1000", StringComparison.Ordinal), "the panel to fit 100×20");
        Assert.StartsWith("yoi-supervisor", screen[0]);
        Assert.StartsWith("1000 pods", screen[1]);
        Assert.StartsWith("POD", screen[2]);

        await PanelTests.Tmux("send-keys", "-t", _session, "q");
        await Eventually.Until(() => File.Exists(exitFile) && File.ReadAllText(exitFile).Trim().Length > 0, Cli.Ceiling, "the panel to exit on q");
        Assert.Equal("0", File.ReadAllText(exitFile).Trim());
    }

    private async Task<string[]> ScreenUntil(Func<string[], bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Cli.Ceiling;
        while (true)
        {
            var screen = (await PanelTests.Tmux("capture-pane", "-p", "-t", _session)).Output.Split('\n');
            if (condition(screen)) return screen;
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{string.Join('\n', screen)}\n--- daemon\n{_daemon.Stderr}");
            await Task.Delay(100);
        }
    }

    private static string FirstWord(string row) => row.Split(' ', 2)[0];

    // The pane runs `sh -c "dotnet … panel …; echo …"`: the panel is the shell's child.
    private async Task<int> PanelPid()
    {
        var shell = int.Parse((await PanelTests.Tmux("display-message", "-p", "-t", _session, "#{pane_pid}")).Output.Trim(), CultureInfo.InvariantCulture);
        var children = File.ReadAllText($"/proc/{shell}/task/{shell}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return children.Length == 0 ? shell : int.Parse(children[0], CultureInfo.InvariantCulture);
    }

    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
