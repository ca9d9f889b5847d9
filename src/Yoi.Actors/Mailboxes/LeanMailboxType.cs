using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Yoi.Actors.Mailboxes;

/// <summary>Makes a <see cref="LeanMessageQueue"/> per actor; named in configuration by <see cref="LeanMailbox"/>.</summary>
public sealed class LeanMailboxType(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<LeanMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new LeanMessageQueue();
}
