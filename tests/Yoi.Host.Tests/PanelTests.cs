using System.Diagnostics;
using System.Text.RegularExpressions;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>The panel in a real terminal (tmux): it renders the fleet, keeps its fd count flat, quits on q.</summary>
public sealed partial class PanelTests : IAsyncLifetime
{
    private readonly string _session = "yoi-panel-" + Guid.NewGuid().ToString("N")[..8];
    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync()
    {
        _fleet = await SimulatedFleetFixture.StartAsync(
        [
            new PodSpec("alpha", PodMode.Normal),
            new PodSpec("quiet", PodMode.Silent),
            new PodSpec("nobody", PodMode.Refused),
            new PodSpec("hangup", PodMode.CloseAtOnce),
        ]);
    }

    public async Task DisposeAsync()
    {
        await Tmux("kill-session", "-t", _session);
        await _fleet.DisposeAsync();
    }

    [Fact]
    public async Task Panel_renders_the_fleet_keeps_fds_flat_and_quits_on_q()
    {
        var exitFile = Path.Combine(_fleet.RuntimeDir, "panel.exit");
        var command = $"dotnet {Cli.Dll} panel --runtime-dir {_fleet.RuntimeDir} --period-ms 200; echo $? > {exitFile}";
        var started = await Tmux("new-session", "-d", "-s", _session, "-x", "160", "-y", "40", command);
        Assert.True(started.Code == 0, started.Output);

        // Several cycles, reading the footer's fd count of each.
        var fds = new List<int>();
        long lastCycle = -1;
        var deadline = DateTime.UtcNow + Cli.Ceiling;
        string screen = "";
        while (fds.Count < 16)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the panel did not show 16 cycles\n{screen}");
            screen = (await Tmux("capture-pane", "-p", "-t", _session)).Output;
            var cycle = CycleRegex().Match(screen);
            var footer = FooterRegex().Match(screen);
            if (cycle.Success && footer.Success && long.Parse(cycle.Groups[1].Value) > lastCycle)
            {
                lastCycle = long.Parse(cycle.Groups[1].Value);
                fds.Add(int.Parse(footer.Groups[1].Value));
            }

            await Task.Delay(50);
        }

        foreach (var name in new[] { "alpha", "quiet", "nobody", "hangup" }) Assert.Contains(name, screen);
        Assert.Contains("no-status", screen);
        Assert.Contains("refused", screen);
        // After warm-up the panel's own process holds a steady number of descriptors. Around a cycle it may briefly hold
        // one socket per pod, pods.json while reading it, and an assembly the runtime maps on first use; a leak of even
        // one fd per cycle would exceed that allowance within the run.
        var steady = fds.Skip(4).ToList();
        const int transient = 3;
        Assert.True(steady.Max() - steady.Min() <= _fleet.Pods.Count + transient, $"fd counts drifted: {string.Join(", ", fds)}");

        await Tmux("send-keys", "-t", _session, "q");
        await Eventually.Until(() => File.Exists(exitFile) && File.ReadAllText(exitFile).Trim().Length > 0, Cli.Ceiling, "the panel to exit on q");
        Assert.Equal("0", File.ReadAllText(exitFile).Trim());
    }

    internal static async Task<(int Code, string Output)> Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("NO_COLOR");
        using var p = Process.Start(info)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output + error);
    }

    [GeneratedRegex(@"cycle (\d+)")]
    private static partial Regex CycleRegex();

    [GeneratedRegex(@"(\d+) open fds")]
    private static partial Regex FooterRegex();
}
