using System.Diagnostics;
using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Managed.Native;
using Yoi.Actors.Tests.Support;
using M = Yoi.Actors.Managed.Managed;

namespace Yoi.Actors.Tests.Managed;

/// <summary>The supervisor as a child subreaper: a pod's tool left in its group after the pod died (and ignoring
/// SIGINT and SIGTERM) is SIGKILLed with the group and reaped here — no process of the group is left, not even a
/// zombie of init — while the pod's own exit status still reaches its owner and the children
/// System.Diagnostics.Process starts keep theirs. Real processes: /bin/sh scripts and tests/Yoi.TestPod.</summary>
[Collection(SubreaperCollection.Name)]
public sealed class ManagedOrphanTests : ManagedTestKit
{
    private static readonly ManagedPodTimings Reaping = Fast with { Subreaper = true };

    private IActorRef StartReaping(params ManagedPodSpec[] specs) => ChildActorOf(ManagedPods.Props(specs, Dir.Path, Reaping));

    /// <summary>A shell line that starts, in the background and in the pod's group, a sleep that ignores SIGINT and
    /// SIGTERM, and writes its pid to <paramref name="pidFile"/>; then waits until it has.</summary>
    private static string Grandchild(string pidFile) =>
        $"sh -c 'trap \"\" INT TERM; echo $$ > {pidFile}; exec sleep 300' & while [ ! -s {pidFile} ]; do sleep 0.02; done; ";

    /// <summary>Every process whose process group is <paramref name="pgid"/>, zombies included, whoever's child it is.</summary>
    private static List<(int Pid, char State, int Ppid)> GroupMembers(int pgid)
    {
        var members = new List<(int, char, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcFs.Stat(pid) is { } stat && stat.Pgrp == pgid)
                members.Add((pid, stat.State, stat.Ppid));
        }

        return members;
    }

    private static int ReadPid(string file)
    {
        var deadline = DateTime.UtcNow + Ceiling;
        while (true)
        {
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid))
                return pid;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no pid in {file}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Until nothing of the group is left: meanwhile none of it may be seen a zombie of another process
    /// (init here reaps its zombies only seconds later: an orphan not reparented to this process would be one).</summary>
    private static void AwaitGroupGone(int pgid)
    {
        var deadline = DateTime.UtcNow + Ceiling;
        while (GroupMembers(pgid) is { Count: > 0 } members)
        {
            foreach (var (pid, state, ppid) in members)
                Assert.False(state == 'Z' && ppid != Environment.ProcessId, $"pid {pid} of group {pgid} is a zombie of pid {ppid}");
            Assert.True(DateTime.UtcNow < deadline, $"group {pgid} still has {string.Join(", ", members)}");
            Thread.Sleep(10);
        }
    }

    [Fact]
    public void A_crashed_pods_orphan_that_ignores_sigterm_is_killed_and_reaped_and_the_pods_exit_code_kept()
    {
        var pidFile = Dir.File("gc-crash.pid");
        var spec = Spec("crash", Shell(Grandchild(pidFile) + "exit 3")) with { Restart = RestartPolicy.Never };
        var managed = StartReaping(spec);
        var starting = ExpectState("crash", ManagedState.Starting);
        Assert.True(OrphanReaper.IsSubreaper());
        var pgid = starting.Pid!.Value;
        var exited = ExpectState("crash", ManagedState.Exited);
        // The leader's own status reached its owner: the orphan reaper never took it.
        Assert.Equal(3, exited.Exit!.Code);
        var grandchild = ReadPid(pidFile);
        Assert.NotEqual(pgid, grandchild);
        AwaitGroupGone(pgid);
        Assert.Null(ProcFs.Stat(grandchild));
        Assert.Empty(OurZombies());

        Watch(managed);
        Sys.Stop(managed);
        ExpectTerminated(managed, Ceiling);
        // The last lease given back: this process is no subreaper any more.
        Assert.False(OrphanReaper.Enabled);
        Assert.False(OrphanReaper.IsSubreaper());
        Assert.Equal(0, OrphanReaper.TrackedGroups);
    }

    [Fact]
    public void A_stopped_pods_orphan_that_ignores_sigint_and_sigterm_is_killed_and_reaped()
    {
        var pidFile = Dir.File("gc-stop.pid");
        var script = Grandchild(pidFile) + $"exec {TestPodExe} --name st --runtime-dir {Dir.Path}";
        var managed = StartReaping(Spec("st", Shell(script)));
        var pgid = ExpectState("st", ManagedState.Running).Pid!.Value;
        var grandchild = ReadPid(pidFile);
        Assert.True(Alive(grandchild));
        Assert.Equal(pgid, ProcFs.Stat(grandchild)!.Value.Pgrp);

        var asker = CreateTestProbe();
        asker.Send(managed, new M.Stop("st"));
        var done = asker.ExpectMsg<M.Done>(Ceiling);
        Assert.Equal(ManagedState.Stopped, done.Status.State);
        // Stopped by its shutdown method: exit 0, as the pod's owner reaped it.
        Assert.Equal(0, done.Status.LastExit!.Code);
        AwaitGroupGone(pgid);
        Assert.Empty(OurZombies());
    }

    [Fact]
    public void Process_children_and_pod_leaders_keep_their_exit_statuses_while_orphans_are_reaped()
    {
        var pidFile = Dir.File("gc-loop.pid");
        // Crashes again and again, leaving an orphan each time: the reaper runs all along.
        var spec = Spec("loop", Shell($"rm -f {pidFile}; " + Grandchild(pidFile) + "exit 4")) with
        {
            Restart = RestartPolicy.OnFailure,
            BackoffInitial = TimeSpan.FromMilliseconds(10),
            BackoffMax = TimeSpan.FromMilliseconds(10),
            MaxRestarts = 1000,
        };
        StartReaping(spec);
        var leaders = new List<int>();
        for (var round = 0; round < 5; round++)
        {
            leaders.Add(ExpectState("loop", ManagedState.Starting).Pid!.Value);
            Assert.Equal(4, ExpectState("loop", ManagedState.Backoff).Exit!.Code);

            // Meanwhile children of System.Diagnostics.Process: each gets its own exit code.
            for (var i = 0; i < 4; i++)
            {
                var code = 10 + round * 4 + i;
                using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exit {code}"]) { UseShellExecute = false })!;
                Assert.True(child.WaitForExit(30_000));
                Assert.Equal(code, child.ExitCode);
            }
        }

        foreach (var pgid in leaders)
            AwaitGroupGone(pgid);
    }
}
