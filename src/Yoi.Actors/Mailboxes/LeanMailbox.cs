using Akka.Actor;
using Akka.Configuration;

namespace Yoi.Actors.Mailboxes;

/// <summary>
/// The small mailbox (<see cref="LeanMessageQueue"/>) for the actors a pod attachment is made of — thousands of them,
/// mostly idle. Akka finds a mailbox only by a configuration id, and the systems these actors run in (the host, tests,
/// benchmarks) do not share one configuration; so this extension adds the id to its system's configuration when first
/// used, and <see cref="For"/> makes sure of that before it names the mailbox in a child's props.
/// </summary>
public sealed class LeanMailbox : IExtension
{
    /// <summary>The configuration id of the mailbox, present once the extension is loaded.</summary>
    public const string Id = "yoi.lean-mailbox";

    private static readonly Provider Extension = new();

    private LeanMailbox(ExtendedActorSystem system) =>
        system.Settings.InjectTopLevelFallback(ConfigurationFactory.ParseString(
            $"{Id}.mailbox-type = \"{typeof(LeanMailboxType).AssemblyQualifiedName}\""));

    /// <summary>
    /// <paramref name="props"/> on the lean mailbox of <paramref name="system"/> (the system that will create the actor;
    /// the id is looked up when it is created).
    /// </summary>
    public static Props For(ActorSystem system, Props props)
    {
        // Not HasExtension: it is true as soon as another thread has begun registering, before the configuration is
        // in. Getting the extension waits for its creation to finish; registering is needed only the first time.
        if (system.GetExtension<LeanMailbox>() is null)
            system.RegisterExtension(Extension);
        return props.WithMailbox(Id);
    }

    private sealed class Provider : ExtensionIdProvider<LeanMailbox>
    {
        public override LeanMailbox CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
