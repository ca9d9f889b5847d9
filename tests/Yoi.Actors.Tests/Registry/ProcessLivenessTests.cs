using System.Diagnostics;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

public class ProcessLivenessTests
{
    [Fact]
    public void The_current_process_is_alive() => Assert.True(ProcessLiveness.IsAlive(Environment.ProcessId));

    [Fact]
    public void Pid_1_is_alive_even_when_not_ours_to_signal() => Assert.True(ProcessLiveness.IsAlive(1));

    [Fact]
    public async Task A_reaped_child_is_dead()
    {
        using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(ProcessLiveness.IsAlive(child.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Non_positive_pids_are_dead_and_never_signalled(int pid) => Assert.False(ProcessLiveness.IsAlive(pid));
}
