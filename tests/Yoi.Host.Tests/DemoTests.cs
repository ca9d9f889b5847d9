using Yoi.Host.Commands;

namespace Yoi.Host.Tests;

/// <summary>The README's main job: the demo on its embedded fleet, end to end, and its leak verdict.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_supervises_its_fleet_and_leaves_nothing_behind()
    {
        var result = await Cli.RunAsync("demo", "--cycles", "4", "--period-ms", "300");

        Assert.True(result.ExitCode == 0, result.ToString());
        // Every fault of the embedded fleet is met and classified, and the summary's checks all come out clean.
        foreach (var outcome in new[] { "ok", "closed", "missing", "no-status", "protocol-error", "refused", "stale" })
            Assert.Contains(outcome + " ", result.Stdout);
        Assert.True(result.Stdout.Contains("(no growth)", StringComparison.Ordinal), result.Stdout);
        // The healthy pods are managed child processes: one is killed with SIGKILL and comes back as a new process,
        // and none outlives the demo.
        Assert.Contains("(restarted)", result.Stdout);
        Assert.Contains("(none left)", result.Stdout);
        Assert.Contains("(none leaked)", result.Stdout);
        Assert.Contains("runtime dir removed", result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task The_demo_runs_a_fleet_of_the_august_runtime_with_dialect_worker()
    {
        var result = await Cli.RunAsync("demo", "--dialect", "worker", "--cycles", "4", "--period-ms", "300");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("simulated workers", result.Stdout);
        Assert.Contains("(restarted)", result.Stdout);
        foreach (var outcome in new[] { "ok", "closed", "missing", "no-status", "protocol-error", "refused", "stale" })
            Assert.True(result.Stdout.Contains(outcome + " ", StringComparison.Ordinal), $"no {outcome} in\n{result.Stdout}");
        Assert.Contains("(none leaked)", result.Stdout);
        Assert.Contains("runtime dir removed", result.Stdout);
    }

    [Fact]
    public async Task An_unknown_demo_dialect_is_a_usage_error()
    {
        var result = await Cli.RunAsync("demo", "--dialect", "cobol");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown dialect 'cobol': pod or worker", result.Stderr);
    }

    [Theory]
    [InlineData(new[] { 198, 201, 199, 201, 198 }, false)] // the simulated pods' sockets closing a moment late
    [InlineData(new[] { 200, 200 }, false)]
    [InlineData(new[] { 200 }, false)]
    [InlineData(new[] { 200, 207, 214, 221, 228 }, true)] // one socket per pod per poll, the original tool's leak
    [InlineData(new[] { 200, 207 }, true)]
    [InlineData(new[] { 200, 201, 204, 205, 206 }, true)]
    public void Fd_growth_is_a_lifted_range_not_a_jitter(int[] perCycle, bool grows) =>
        Assert.Equal(grows, DemoCommand.FdsGrow(perCycle));
}
