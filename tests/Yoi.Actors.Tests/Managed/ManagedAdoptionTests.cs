using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Managed.Logs;
using Yoi.Actors.Managed.Native;
using Yoi.Testing;
using M = Yoi.Actors.Managed.Managed;

namespace Yoi.Actors.Tests.Managed;

/// <summary>Adoption across supervisors, log rotation, and reload.</summary>
public sealed class ManagedAdoptionTests : ManagedTestKit
{
    private int CopiesOf(string name) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Count(pid => pid > 0 && ProcFs.CommandLine(pid) is { } argv && argv.Contains(TestPodExe) && argv.Contains(name) && argv.Contains(Dir.Path)
                && Alive(pid));

    [Fact]
    public async Task A_pod_kept_at_shutdown_is_adopted_by_the_next_supervisor_without_a_second_copy()
    {
        var spec = Spec("keep", TestPod("keep")) with { OnExit = OnExitPolicy.Keep };
        var first = ActorSystem.Create("first", "akka.loglevel = WARNING");
        int pid;
        try
        {
            var managed = first.ActorOf(ManagedPods.Props([spec], Dir.Path, Fast));
            var running = await Eventually.Until(
                () => managed.Ask<M.States>(M.GetStates.Instance, Ceiling).Result.Pods.Single(),
                s => s.State == ManagedState.Running, Ceiling, "the first supervisor's pod running");
            pid = running.Pid!.Value;
        }
        finally
        {
            // The coordinated shutdown detaches the kept pod instead of stopping it.
            await first.Terminate().WaitAsync(Ceiling);
        }

        Assert.True(Alive(pid), "the kept pod did not survive its supervisor");
        Assert.Equal(1, CopiesOf("keep"));

        var managedAgain = StartManaged(spec);
        var adopted = ExpectState("keep", ManagedState.Starting);
        Assert.Equal(pid, adopted.Pid);
        Assert.Equal($"adopted pid {pid}", adopted.Reason);
        var running2 = ExpectState("keep", ManagedState.Running);
        Assert.True(running2.Status.Adopted);
        Assert.Equal(pid, running2.Status.Pid);
        Assert.Equal(1, CopiesOf("keep"));

        // The adopted pod is stopped like any other, and its exit seen.
        var asker = CreateTestProbe();
        asker.Send(managedAgain, new M.Stop("keep"));
        Assert.Equal(ManagedState.Stopped, asker.ExpectMsg<M.Done>(Ceiling).Status.State);
        Assert.True(GoneOrNotOurZombie(pid));
        Assert.Equal(0, CopiesOf("keep"));
    }

    [Fact]
    public void A_pod_whose_registry_entry_runs_another_command_is_not_adopted()
    {
        // Registered under a live pid that runs something else (this test process).
        Yoi.Actors.Registry.PodRegistry.Register(Dir.RegistryPath, Yoi.Actors.Registry.PodAllocation.Of("impostor", Environment.ProcessId, Dir.File("x.sock")));
        StartManaged(Spec("impostor", Shell("exec sleep 300")));
        var starting = ExpectState("impostor", ManagedState.Starting);
        Assert.NotEqual(Environment.ProcessId, starting.Pid);
        Assert.Null(starting.Reason);
    }

    [Fact]
    public void Both_logs_rotate_at_the_size_keeping_the_backups_asked_for()
    {
        // About 4.4 KB per stream every 100 ms, rotated at 4 KiB, two backups kept.
        var script = "i=0; while true; do echo \"line $i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"; "
            + "echo \"err $i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" >&2; "
            + "i=$((i+1)); [ $((i % 40)) -eq 0 ] && sleep 0.1; done";
        var spec = Spec("chatty", Shell(script)) with { LogMaxBytes = 4096, LogBackups = 2 };
        StartManaged(spec);
        ExpectState("chatty", ManagedState.Starting);
        foreach (var path in new[] { spec.StdoutLogPath, spec.StderrLogPath })
        {
            AwaitCondition(() => File.Exists(LogRotator.BackupPath(path, 2)), Ceiling);
            // Rotated only once at the size: every backup holds at least that much. The pod writes on, so rotations go
            // on while this reads: .1 is absent for the instant of each copy, the others never.
            Assert.True(WhilePresent(() => new FileInfo(LogRotator.BackupPath(path, 1)).Length) >= 4096);
            Assert.True(new FileInfo(LogRotator.BackupPath(path, 2)).Length >= 4096);
            Assert.False(File.Exists(LogRotator.BackupPath(path, 3)));
        }

        // The writer appends to the truncated file through its own descriptor: new lines land at its start (no hole of
        // NULs: the second rotation's copy, of a file truncated once, begins with a line), and the file stays near the
        // size (checked as soon as it is written) instead of growing.
        foreach (var path in new[] { spec.StdoutLogPath, spec.StderrLogPath })
        {
            var first = WhilePresent(() => File.ReadLines(LogRotator.BackupPath(path, 1)).First());
            Assert.True(first.StartsWith("line ", StringComparison.Ordinal) || first.StartsWith("err ", StringComparison.Ordinal), first);
            Assert.True(new FileInfo(path).Length < 64 * 1024);
        }
    }

    /// <summary>Reads again when the file was renamed away under the read (only a missing file is retried: what a
    /// read finds is asserted as it is).</summary>
    private T WhilePresent<T>(Func<T> read)
    {
        var deadline = DateTime.UtcNow + Ceiling;
        while (true)
        {
            try
            {
                return read();
            }
            catch (FileNotFoundException) when (DateTime.UtcNow < deadline)
            {
                Thread.Yield();
            }
        }
    }

    [Fact]
    public void A_reload_starts_added_pods_stops_removed_ones_and_restarts_changed_ones()
    {
        var a = Spec("a", Shell("exec sleep 300"));
        var b = Spec("b", Shell("exec sleep 301"));
        var managed = StartManaged(a, b);
        var aPid = ExpectState("a", ManagedState.Starting).Pid!.Value;
        var bPid = ExpectState("b", ManagedState.Starting).Pid!.Value;
        var asker = CreateTestProbe();

        var changedA = a with { Env = new Dictionary<string, string> { ["V"] = "2" } };
        var c = Spec("c", Shell("exec sleep 302"));
        asker.Send(managed, new M.Reload([changedA, b, c]));
        var reloaded = asker.ExpectMsg<M.Reloaded>(Ceiling);
        Assert.Equal(["c"], reloaded.Added);
        Assert.Equal(["a"], reloaded.Changed);
        Assert.Empty(reloaded.Removed);
        Assert.Equal(1, reloaded.Unchanged);
        ExpectState("c", ManagedState.Starting);
        ExpectState("a", ManagedState.Stopped);
        var newA = ExpectState("a", ManagedState.Starting).Pid!.Value;
        Assert.NotEqual(aPid, newA);
        Assert.True(GoneOrNotOurZombie(aPid));
        Assert.True(Alive(bPid));

        asker.Send(managed, new M.Reload([c]));
        reloaded = asker.ExpectMsg<M.Reloaded>(Ceiling);
        Assert.Equal(["a", "b"], reloaded.Removed.Order());
        ExpectOther<M.Removed>(r => r.Name == "a");
        ExpectOther<M.Removed>(r => r.Name == "b");
        Assert.True(GoneOrNotOurZombie(newA));
        Assert.True(GoneOrNotOurZombie(bPid));
        asker.Send(managed, M.GetStates.Instance);
        Assert.Equal(["c"], asker.ExpectMsg<M.States>(Ceiling).Pods.Select(p => p.Name));
    }
}
