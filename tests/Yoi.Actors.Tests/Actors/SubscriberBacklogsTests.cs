using Yoi.Actors.Sessions;

namespace Yoi.Actors.Tests.Actors;

/// <summary>The flow rule of a session's subscribers, without actors.</summary>
public sealed class SubscriberBacklogsTests
{
    [Fact]
    public void Reading_pauses_past_the_bound_and_resumes_under_half_of_it()
    {
        var backlogs = new SubscriberBacklogs<string>(1000);
        backlogs.Add("a");
        backlogs.Add("b");
        Assert.Null(backlogs.Deliver(600));
        Assert.False(backlogs.ShouldPause);
        Assert.Null(backlogs.Deliver(600));
        Assert.True(backlogs.ShouldPause);
        Assert.False(backlogs.MayResume);

        backlogs.Ack("a", 1200);
        Assert.True(backlogs.ShouldPause); // b is still past the bound
        backlogs.Ack("b", 700);
        Assert.False(backlogs.ShouldPause);
        Assert.True(backlogs.MayResume);
        Assert.Equal(0, backlogs.Of("a"));
        Assert.Equal(500, backlogs.Of("b"));
    }

    [Fact]
    public void Past_twice_the_bound_a_subscriber_is_cut_at_once_and_given_nothing_more()
    {
        var backlogs = new SubscriberBacklogs<string>(1000);
        backlogs.Add("slow");
        backlogs.Add("fast");
        Assert.Null(backlogs.Deliver(1500));
        backlogs.Ack("fast", 1500);

        var cut = backlogs.Deliver(600);

        Assert.Equal(["slow"], cut);
        Assert.Equal(["fast"], backlogs.Subscribers);
        Assert.Equal(600, backlogs.Of("fast"));
    }

    [Fact]
    public void At_the_end_of_a_grace_only_the_stalled_are_cut()
    {
        var backlogs = new SubscriberBacklogs<string>(1000);
        foreach (var s in new[] { "stalled", "reading", "caught-up" })
            backlogs.Add(s);
        backlogs.Deliver(1100);
        backlogs.BeginGrace();
        backlogs.Ack("reading", 100);   // behind, but making progress
        backlogs.Ack("caught-up", 1100);

        Assert.Equal(["stalled"], backlogs.CutStalled());
        Assert.Equal(["reading", "caught-up"], backlogs.Subscribers);
        // A new grace: progress counts from now.
        backlogs.BeginGrace();
        Assert.Equal(["reading"], backlogs.CutStalled());
    }

    [Fact]
    public void Acks_never_take_a_backlog_below_zero_and_unknown_subscribers_are_ignored()
    {
        var backlogs = new SubscriberBacklogs<string>(1000);
        backlogs.Add("a");
        backlogs.Deliver(10);
        backlogs.Ack("a", 50);
        backlogs.Ack("nobody", 50);
        Assert.Equal(0, backlogs.Of("a"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubscriberBacklogs<string>(0));
    }
}
