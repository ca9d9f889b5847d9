using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Managed.Native;
using Yoi.Actors.Probing;
using Yoi.Actors.Supervision;
using M = Yoi.Actors.Managed.Managed;

namespace Yoi.Actors.Tests.Managed;

/// <summary>The supervisor with managed pods: their rows, their transitions published, requests forwarded, and
/// liveness judged on the poll cycle's own probes.</summary>
public sealed class ManagedSupervisorTests : ManagedTestKit
{
    private IActorRef StartSupervisor(TimeSpan period, params ManagedPodSpec[] managed) =>
        Sys.ActorOf(PodSupervisor.Props(new SupervisorSettings
        {
            RuntimeDir = Dir.Path,
            Period = period,
            ProbeTimeout = TimeSpan.FromSeconds(2),
            Managed = managed,
        }));

    private Fleet.ProcessStateChanged ExpectPublished(string name, ManagedState to)
    {
        var seen = new List<string>();
        try
        {
            return FishForMessage<Fleet.ProcessStateChanged>(c =>
            {
                seen.Add($"{c.Transition.From}->{c.Transition.To} ({c.Transition.Reason})");
                return c.PodName == name && c.Transition.To == to;
            }, Ceiling);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{name} did not turn {to}; transitions seen: {string.Join("; ", seen)}; {e.Message}");
        }
    }

    [Fact]
    public void Every_managed_pod_is_a_row_and_its_transitions_are_published()
    {
        var supervisor = StartSupervisor(TimeSpan.FromMilliseconds(200),
            Spec("ok", TestPod("ok")),
            Spec("broken", ["/nonexistent/pod"]));
        supervisor.Tell(new Fleet.Subscribe(TestActor));
        ExpectMsg<Fleet.View>(Ceiling);

        var fatal = ExpectPublished("broken", ManagedState.Fatal);
        Assert.Equal("cannot execute /nonexistent/pod: No such file or directory", fatal.State.Managed!.Reason);
        Assert.Equal("", fatal.State.Socket);
        var running = ExpectPublished("ok", ManagedState.Running);
        var pid = running.Transition.Pid!.Value;

        AwaitAssert(() =>
        {
            supervisor.Tell(Fleet.GetView.Instance);
            var view = ExpectMsg<Fleet.View>(Ceiling);
            var ok = Assert.Single(view.Pods, p => p.Name == "ok");
            var broken = Assert.Single(view.Pods, p => p.Name == "broken");
            // The running pod registered itself: its registry row carries its process.
            Assert.Equal(pid, ok.Pid);
            Assert.Equal(ManagedState.Running, ok.Managed!.State);
            Assert.Equal(ProbeOutcome.Ok, ok.Outcome);
            // The broken one never registered: a row all the same, no socket, no probe.
            Assert.Equal(ManagedState.Fatal, broken.Managed!.State);
            Assert.Null(broken.LastResult);
        }, Ceiling, TimeSpan.FromMilliseconds(100));

        var asker = CreateTestProbe();
        asker.Send(supervisor, new M.Stop("ok"));
        Assert.Equal(ManagedState.Stopped, asker.ExpectMsg<M.Done>(Ceiling).Status.State);
        asker.Send(supervisor, M.GetStates.Instance);
        var states = asker.ExpectMsg<M.States>(Ceiling);
        Assert.Equal(["broken", "ok"], states.Pods.Select(p => p.Name));
    }

    [Fact]
    public void A_hung_pod_is_restarted_by_liveness_from_the_poll_cycle()
    {
        var spec = Spec("hang", TestPod("hang", "--hang-on-sigusr1")) with { LivenessFailures = 2 };
        var supervisor = StartSupervisor(TimeSpan.FromMilliseconds(150), spec);
        supervisor.Tell(new Fleet.Subscribe(TestActor));
        ExpectMsg<Fleet.View>(Ceiling);

        var first = ExpectPublished("hang", ManagedState.Running).Transition.Pid!.Value;
        // Only the first process hangs, and only once it runs: its process lives on, its socket goes dead.
        Assert.Equal(0, ManagedNative.Kill(first, ManagedNative.SIGUSR1));
        var stopping = ExpectPublished("hang", ManagedState.Stopping);
        Assert.Equal("hung: 2 failed probes", stopping.Transition.Reason);
        var backoff = ExpectPublished("hang", ManagedState.Backoff);
        Assert.Equal("hung: 2 failed probes", backoff.Transition.Reason);
        var second = ExpectPublished("hang", ManagedState.Starting).Transition.Pid!.Value;
        Assert.NotEqual(first, second);
        Assert.True(GoneOrNotOurZombie(first));
        Assert.Equal(1, ExpectPublished("hang", ManagedState.Running).Transition.Status.Restarts);
    }
}
