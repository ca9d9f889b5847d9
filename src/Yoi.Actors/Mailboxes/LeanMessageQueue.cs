using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Yoi.Actors.Mailboxes;

/// <summary>
/// An unbounded multi-producer, single-consumer queue that costs one small node per queued message and nothing else
/// (Vyukov's intrusive MPSC list). Akka's default queue is a <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/>
/// whose first segment holds 32 slots (about 1 KiB) for the actor's whole life, which dominated the memory of an idle
/// pod session: three actors that almost never hold a message. Producers only swap the tail and link; the mailbox's
/// single consumer owns the head, whose node is always the already-consumed "stub".
/// </summary>
public sealed class LeanMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Node _head;
    private Node _tail;
    private int _count;

    public LeanMessageQueue() => _head = _tail = new Node();

    // A producer between swapping the tail and linking its node is not seen yet: it schedules the mailbox itself after
    // linking (Akka's enqueue-then-register protocol), so the message is never stranded.
    public bool HasMessages => Volatile.Read(ref Volatile.Read(ref _head).Next) is not null;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var node = new Node { Envelope = envelope };
        // Counted before it becomes visible, so the count never goes below what a consumer can take.
        Interlocked.Increment(ref _count);
        var previous = Interlocked.Exchange(ref _tail, node);
        Volatile.Write(ref previous.Next, node);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        var next = Volatile.Read(ref _head.Next);
        if (next is null)
        {
            envelope = default;
            return false;
        }

        envelope = next.Envelope;
        // The node becomes the new stub: it must not keep the delivered message (and its sender) alive.
        next.Envelope = default;
        Volatile.Write(ref _head, next);
        Interlocked.Decrement(ref _count);
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }

    private sealed class Node
    {
        public Envelope Envelope;
        public Node? Next;
    }
}
