using Akka.Actor;
using Akka.TestKit.Xunit2;
using Yoi.Actors.Mailboxes;

namespace Yoi.Actors.Tests.Actors;

public sealed class LeanMailboxTests : TestKit
{
    [Fact]
    public async Task Queue_keeps_every_message_and_each_producers_order_under_concurrency()
    {
        const int producers = 4;
        const int perProducer = 20_000;
        var queue = new LeanMessageQueue();
        var writers = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++)
                queue.Enqueue(ActorRefs.Nobody, new Envelope((p, i), ActorRefs.NoSender));
        })).ToArray();

        var next = new int[producers];
        var received = 0;
        while (received < producers * perProducer)
        {
            if (!queue.TryDequeue(out var envelope))
            {
                // Nothing visible yet: every sent message must still arrive, so the writers cannot all be done.
                Assert.False(writers.All(w => w.IsCompleted) && !queue.HasMessages && queue.Count == 0);
                Thread.SpinWait(10);
                continue;
            }

            var (producer, index) = ((int, int))envelope.Message;
            Assert.Equal(next[producer], index);
            next[producer]++;
            received++;
        }

        await Task.WhenAll(writers);
        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void Cleanup_hands_what_is_left_to_the_dead_letters_queue()
    {
        var queue = new LeanMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, new Envelope("a", ActorRefs.NoSender));
        queue.Enqueue(ActorRefs.Nobody, new Envelope("b", ActorRefs.NoSender));
        var dead = new LeanMessageQueue();

        queue.CleanUp(ActorRefs.Nobody, dead);

        Assert.Equal(0, queue.Count);
        Assert.Equal(2, dead.Count);
        Assert.True(dead.TryDequeue(out var first));
        Assert.Equal("a", first.Message);
    }

    [Fact]
    public async Task An_actor_on_the_lean_mailbox_works_in_a_system_configured_for_nothing()
    {
        var echo = Sys.ActorOf(LeanMailbox.For(Sys, Props.Create(() => new Echo())));
        for (var i = 0; i < 100; i++)
            echo.Tell(i, TestActor);
        for (var i = 0; i < 100; i++)
            ExpectMsg(i);

        using var other = ActorSystem.Create("other");
        var second = other.ActorOf(LeanMailbox.For(other, Props.Create(() => new Echo())));
        Assert.Equal("hi", await second.Ask<string>("hi", TimeSpan.FromSeconds(5)));
        await other.Terminate();
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
