using System.Diagnostics;
using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Managed.Native;
using Yoi.Actors.Registry;
using Yoi.Testing;
using M = Yoi.Actors.Managed.Managed;

namespace Yoi.Actors.Tests.Managed;

/// <summary>Real test pods (tests/Yoi.TestPod): ready, running, stopped gracefully or by force, and nothing left.</summary>
public sealed class ManagedLifecycleTests : ManagedTestKit
{
    [Fact]
    public void A_pod_is_running_once_ready_and_stops_by_its_shutdown_method_leaving_nothing()
    {
        var managed = StartManaged(Spec("a", TestPod("a")));
        var starting = ExpectState("a", ManagedState.Starting);
        var running = ExpectState("a", ManagedState.Running);
        var pid = running.Pid!.Value;
        Assert.Equal(starting.Pid, pid);
        Assert.Equal(pid, running.Status.Pid);
        Assert.True(Alive(pid));
        // Its own process group, and its output in the log files (the ready line on stderr).
        Assert.Equal(pid, ProcFs.Stat(pid)!.Value.Pgrp);
        Assert.Contains("YOI-READY\ta\t", File.ReadAllText(Path.Combine(LogDir, "a.err.log")));
        Assert.Contains(PodRegistry.Read(Dir.RegistryPath), a => a.PodName == "a" && a.Pid == pid);

        var asker = CreateTestProbe();
        asker.Send(managed, new M.Stop("a"));
        var done = asker.ExpectMsg<M.Done>(Ceiling);
        Assert.Equal(ManagedState.Stopped, done.Status.State);
        Assert.Null(done.Status.Pid);
        // The shutdown method: a clean exit, registry row and socket removed by the pod itself.
        Assert.Equal(new ManagedExit(0, null, done.Status.LastExit!.At), done.Status.LastExit);
        Assert.DoesNotContain(PodRegistry.Read(Dir.RegistryPath), a => a.PodName == "a");
        Assert.False(File.Exists(Path.Combine(Dir.Path, "a", "sock")));
        Assert.True(GoneOrNotOurZombie(pid));
        Assert.Empty(OurZombies());
    }

    [Fact]
    public void A_pod_that_ignores_shutdown_sigint_and_sigterm_is_killed_after_the_grace()
    {
        var spec = Spec("stubborn", TestPod("stubborn", "--ignore-shutdown", "--ignore-sigint", "--ignore-sigterm")) with
        {
            StopGrace = TimeSpan.FromMilliseconds(800),
        };
        var managed = StartManaged(spec);
        var pid = ExpectState("stubborn", ManagedState.Running).Pid!.Value;

        var clock = Stopwatch.StartNew();
        var asker = CreateTestProbe();
        asker.Send(managed, new M.Stop("stubborn"));
        var done = asker.ExpectMsg<M.Done>(Ceiling);
        // Shutdown method (a quarter of the grace), SIGINT, SIGTERM at half, SIGKILL at the full grace after SIGINT.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"stopped after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(9, done.Status.LastExit!.Signal);
        Assert.True(GoneOrNotOurZombie(pid));
    }

    [Fact]
    public void A_grandchild_in_the_pods_group_is_gone_after_the_stop()
    {
        var managed = StartManaged(Spec("gc", TestPod("gc", "--grandchild")));
        var pid = ExpectState("gc", ManagedState.Running).Pid!.Value;
        var outLog = Path.Combine(LogDir, "gc.out.log");
        var line = File.ReadLines(outLog).First(l => l.StartsWith("GRANDCHILD ", StringComparison.Ordinal));
        var grandchild = int.Parse(line["GRANDCHILD ".Length..]);
        Assert.True(Alive(grandchild));
        Assert.Equal(pid, ProcFs.Stat(grandchild)!.Value.Pgrp);

        var asker = CreateTestProbe();
        asker.Send(managed, new M.Stop("gc"));
        asker.ExpectMsg<M.Done>(Ceiling);
        AwaitCondition(() => !Alive(grandchild), Ceiling);
        Assert.Empty(ProcFs.LiveMembersOf(pid));
    }

    [Fact]
    public void Whatever_ends_the_owner_its_process_and_group_end_too_and_are_reaped()
    {
        var managed = StartManaged(Spec("k", TestPod("k", "--grandchild")));
        var pid = ExpectState("k", ManagedState.Running).Pid!.Value;
        Watch(managed);
        // No stop request: the parent is simply stopped (as a crash of the supervisor would stop it).
        Sys.Stop(managed);
        ExpectTerminated(managed, Ceiling);
        // Reaped by the owner's PostStop: not even a zombie of ours.
        Assert.Null(ProcFs.Stat(pid));
        Assert.Empty(ProcFs.LiveMembersOf(pid));
        Assert.Empty(OurZombies());
    }

    [Fact]
    public void A_command_that_cannot_be_executed_is_fatal_at_once_with_the_os_error()
    {
        var plain = Dir.File("not-executable");
        File.WriteAllText(plain, "#!/bin/sh\nexit 0\n");
        StartManaged(Spec("missing", ["/nonexistent/bin/pod", "--x"]), Spec("plain", [plain]), Spec("nopath", ["no-such-pod-command-xyz"]));
        var seen = new List<(M.ProcessStateChanged, TimeSpan)>();
        var missing = ExpectState("missing", ManagedState.Fatal, seen);
        Assert.Equal("cannot execute /nonexistent/bin/pod: No such file or directory", missing.Reason);
        Assert.Null(missing.Pid);
        var plainFatal = ExpectState("plain", ManagedState.Fatal, seen);
        Assert.Equal($"cannot execute {plain}: Permission denied", plainFatal.Reason);
        var nopath = ExpectState("nopath", ManagedState.Fatal, seen);
        Assert.Equal("cannot execute no-such-pod-command-xyz: No such file or directory", nopath.Reason);
        // No restart loop: never starting, never in backoff.
        Assert.DoesNotContain(seen, s => s.Item1.To is ManagedState.Starting or ManagedState.Backoff);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_pod_without_a_ready_line_is_stopped_after_the_ready_timeout_and_backed_off()
    {
        var spec = Spec("mute", Shell("echo not the line >&2; exec sleep 300")) with { ReadyTimeout = TimeSpan.FromMilliseconds(400) };
        StartManaged(spec);
        var seen = new List<(M.ProcessStateChanged, TimeSpan)>();
        var pid = ExpectState("mute", ManagedState.Starting, seen).Pid!.Value;
        var stopping = ExpectState("mute", ManagedState.Stopping, seen);
        Assert.Equal("no ready line within 400 ms", stopping.Reason);
        Assert.True(seen[^1].Item2 >= TimeSpan.FromMilliseconds(300));
        var backoff = ExpectState("mute", ManagedState.Backoff);
        Assert.Equal("no ready line within 400 ms", backoff.Reason);
        Assert.Equal(2, backoff.Exit!.Signal); // SIGINT ended the sleep
        Assert.True(GoneOrNotOurZombie(pid));
        // And it is started again.
        Assert.NotEqual(pid, ExpectState("mute", ManagedState.Starting).Pid);
    }

    [Fact]
    public void The_environment_working_directory_and_runtime_dir_reach_the_child()
    {
        var cwd = Dir.File("work");
        Directory.CreateDirectory(cwd);
        var spec = Spec("env", Shell("echo \"$FOO|$YOI_RUNTIME_DIR|$(pwd)\"; read x; echo \"stdin=$x.\"; exit 0")) with
        {
            Env = new Dictionary<string, string> { ["FOO"] = "bar" },
            Cwd = cwd,
            Restart = RestartPolicy.OnFailure,
        };
        StartManaged(spec);
        var exited = ExpectState("env", ManagedState.Exited);
        Assert.Equal(0, exited.Exit!.Code);
        Assert.Equal($"bar|{Dir.Path}|{cwd}\nstdin=.\n", File.ReadAllText(Path.Combine(LogDir, "env.out.log")));
    }
}
