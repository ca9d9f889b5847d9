using Yoi.Actors.Managed;
using Yoi.Actors.Managed.Logs;
using Yoi.Actors.Managed.Native;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Managed;

public sealed class ManagedRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Backoff_doubles_up_to_the_maximum_and_resets()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), () => 0.5);
        var delays = Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalMilliseconds).ToList();
        Assert.Equal([100, 200, 400, 500, 500], delays);
        backoff.Reset();
        Assert.Equal(100, backoff.Next().TotalMilliseconds);
    }

    [Fact]
    public void Backoff_jitter_stays_within_ten_percent()
    {
        var low = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), () => 0.0).Next();
        var high = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), () => 0.999999).Next();
        Assert.Equal(900, low.TotalMilliseconds, 1);
        Assert.Equal(1100, high.TotalMilliseconds, 1);
        var random = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        for (var i = 0; i < 200; i++)
        {
            random.Reset();
            Assert.InRange(random.Next().TotalMilliseconds, 900, 1100);
        }
    }

    [Fact]
    public void The_budget_refuses_one_restart_more_than_the_maximum_within_the_window()
    {
        var budget = new RestartBudget(3, TimeSpan.FromSeconds(60));
        Assert.True(budget.TryCharge(T0));
        Assert.True(budget.TryCharge(T0.AddSeconds(10)));
        Assert.True(budget.TryCharge(T0.AddSeconds(20)));
        Assert.False(budget.TryCharge(T0.AddSeconds(30)));
        // The first restart has left the window: one more fits.
        Assert.True(budget.TryCharge(T0.AddSeconds(60)));
        Assert.False(budget.TryCharge(T0.AddSeconds(61)));
        budget.Reset();
        Assert.True(budget.TryCharge(T0.AddSeconds(62)));
        Assert.Equal("more than 3 restarts within 60 s", budget.Describe());
    }

    [Fact]
    public void A_budget_of_zero_refuses_every_restart()
    {
        Assert.False(new RestartBudget(0, TimeSpan.FromSeconds(60)).TryCharge(T0));
    }

    [Theory]
    [InlineData("YOI-READY\talpha\t/run/yoi/alpha/sock", "alpha", "/run/yoi/alpha/sock")]
    [InlineData("YOI-READY\talpha\t/run/yoi/alpha/sock\r", "alpha", "/run/yoi/alpha/sock")]
    [InlineData("YOI-READY\tbeta\t/run/yoi/beta/sock", "alpha", null)]
    [InlineData("YOI-READY\talpha\t", "alpha", null)]
    [InlineData("YOI-READY\talpha", "alpha", null)]
    [InlineData("yoi-ready\talpha\t/s", "alpha", null)]
    [InlineData("  YOI-READY\talpha\t/s", "alpha", null)]
    [InlineData("YOI-READY\talpha\t/s\textra", "alpha", null)]
    public void The_ready_line_names_the_pod_and_its_socket(string line, string name, string? socket)
    {
        Assert.Equal(socket is not null, ReadyLine.TryParse(line, name, out var parsed));
        if (socket is not null)
            Assert.Equal(socket, parsed);
        Assert.True(ReadyLine.TryParse(ReadyLine.Format("x", "/a b/sock"), "x", out var spaced));
        Assert.Equal("/a b/sock", spaced);
    }

    [Theory]
    [InlineData(RestartPolicy.Always, 0, null, true)]
    [InlineData(RestartPolicy.Always, 1, null, true)]
    [InlineData(RestartPolicy.OnFailure, 0, null, false)]
    [InlineData(RestartPolicy.OnFailure, 3, null, true)]
    [InlineData(RestartPolicy.OnFailure, null, 9, true)]
    [InlineData(RestartPolicy.OnFailure, null, null, true)]
    [InlineData(RestartPolicy.Never, 1, null, false)]
    [InlineData(RestartPolicy.Never, null, 11, false)]
    public void The_policy_decides_on_the_exit(RestartPolicy policy, int? code, int? signal, bool restart)
    {
        Assert.Equal(restart, RestartDecision.ShouldRestart(policy, new ManagedExit(code, signal, T0)));
    }

    [Fact]
    public void Wait_statuses_decode_to_codes_and_signals()
    {
        Assert.Equal(new ManagedExit(3, null, T0), WaitStatus.Decode(3 << 8, T0));
        Assert.Equal(new ManagedExit(null, 9, T0), WaitStatus.Decode(9, T0));
        Assert.Equal(new ManagedExit(null, 11, T0), WaitStatus.Decode(11 | 0x80, T0)); // core dumped
        Assert.Equal("signal 9 (SIGKILL)", WaitStatus.Decode(9, T0).ToString());
        Assert.Equal("exit 3", WaitStatus.Decode(3 << 8, T0).ToString());
        Assert.Equal("an unknown exit", new ManagedExit(null, null, T0).ToString());
    }

    [Fact]
    public void The_tail_reads_whole_lines_and_starts_over_after_a_truncation()
    {
        using var dir = new TempRuntimeDir();
        var path = dir.File("p.err.log");
        File.WriteAllText(path, "old line\n");
        using var tail = new LogTail(path, LogTail.LengthOf(path));
        Assert.Empty(tail.ReadLines());
        File.AppendAllText(path, "first\nsec");
        Assert.Equal(["first"], tail.ReadLines());
        File.AppendAllText(path, "ond\n");
        Assert.Equal(["second"], tail.ReadLines());

        // copytruncate: the file is emptied in place and written again from 0.
        Assert.True(LogRotator.RotateIfDue(path, 10, 2, out var error), error);
        File.AppendAllText(path, "YOI-READY\tp\t/s\n");
        Assert.Equal(["YOI-READY\tp\t/s"], tail.ReadLines());
        Assert.Equal("old line\nfirst\nsecond\n", File.ReadAllText(LogRotator.BackupPath(path, 1)));
    }

    [Fact]
    public void Rotation_shifts_backups_and_keeps_only_as_many_as_asked()
    {
        using var dir = new TempRuntimeDir();
        var path = dir.File("p.out.log");
        for (var round = 1; round <= 4; round++)
        {
            File.WriteAllText(path, $"round {round}\n");
            Assert.True(LogRotator.RotateIfDue(path, 5, 2, out _));
            Assert.Equal(0, new FileInfo(path).Length);
        }

        Assert.Equal("round 4\n", File.ReadAllText(LogRotator.BackupPath(path, 1)));
        Assert.Equal("round 3\n", File.ReadAllText(LogRotator.BackupPath(path, 2)));
        Assert.False(File.Exists(LogRotator.BackupPath(path, 3)));
        Assert.Equal(["p.out.log", "p.out.log.1", "p.out.log.2"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        File.WriteAllText(path, "abc");
        Assert.False(LogRotator.RotateIfDue(path, 5, 2, out _));
    }

    [Fact]
    public void A_command_not_on_the_path_or_not_executable_is_named_with_the_os_error()
    {
        using var dir = new TempRuntimeDir();
        Assert.Null(ProcessSpawner.Resolve("no-such-command-xyz", null, "/usr/bin:/bin", out var missing));
        Assert.Equal("No such file or directory", missing);
        var plain = dir.File("plain");
        File.WriteAllText(plain, "#!/bin/sh\n");
        Assert.Null(ProcessSpawner.Resolve("plain", null, dir.Path, out var denied));
        Assert.Equal("Permission denied", denied);
        Assert.Equal("/bin/sh", ProcessSpawner.Resolve("sh", null, "/bin", out _));
    }
}
