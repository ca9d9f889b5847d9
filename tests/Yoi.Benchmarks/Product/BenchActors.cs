using Akka.Actor;
using Akka.Configuration;
using Yoi.Actors.Mailboxes;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;
using Yoi.Actors.Supervision;
using Yoi.Benchmarks.Baselines;

namespace Yoi.Benchmarks.Product;

/// <summary>The actor system the product runs in during a benchmark: the supervisor's settings, logging kept off stdout.</summary>
public static class BenchSystem
{
    // Logging is kept off stdout: it carries the benchmark's JSON lines.
    private const string Hocon = SupervisorSystemConfig.Hocon + "\n" + """
        akka {
          loglevel = ERROR
          stdout-loglevel = ERROR
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
        }
        """;

    /// <summary>YOI_BENCH_HOCON (extra HOCON, for experiments with dispatcher/scheduler settings) takes precedence.</summary>
    public static ActorSystem Create(string name = "bench") =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString((Environment.GetEnvironmentVariable("YOI_BENCH_HOCON") ?? "") + "\n" + Hocon));
}

/// <summary>A plain subscriber that counts what a session delivers (events, snapshots, the final Detached).</summary>
public sealed class CountingSubscriber(Counter counter) : UntypedActor
{
    public static Props Props(Counter counter) => Akka.Actor.Props.Create(() => new CountingSubscriber(counter));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PodSession.EventsReceived received:
                var events = received.Events;
                for (var i = 0; i < events.Count; i++)
                {
                    if (events[i].Event is SnapshotEvent)
                        counter.AddSnapshot();
                }

                counter.AddEvents(events.Count);
                // A real subscriber acknowledges what it has handled: its backlog bound is part of the product.
                Sender.Tell(new PodSession.Ack(received.Bytes));
                break;
            case PodSession.Detached:
                counter.AddDetached();
                break;
        }
    }
}

/// <summary>Parent of many sessions, so they are created and stopped together (attach-scale, attach-flood).</summary>
public sealed class SessionHolder(int maxLineBytes) : UntypedActor
{
    public sealed record Spawn(IReadOnlyList<(string Pod, string Socket)> Targets, int Count, IActorRef Subscriber);

    public sealed record Spawned(int Count);

    public static Props Props(int maxLineBytes) => Akka.Actor.Props.Create(() => new SessionHolder(maxLineBytes));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void OnReceive(object message)
    {
        if (message is not Spawn spawn)
        {
            Unhandled(message);
            return;
        }

        for (var i = 0; i < spawn.Count; i++)
        {
            var (pod, socket) = spawn.Targets[i % spawn.Targets.Count];
            // As the supervisor starts its sessions.
            var session = Context.ActorOf(LeanMailbox.For(Context.System, PodSessionActor.Props(pod, socket, maxLineBytes, spawn.Subscriber)));
        }

        Sender.Tell(new Spawned(spawn.Count));
    }
}
