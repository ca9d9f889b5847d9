using Akka.Actor;

namespace Yoi.Actors;

/// <summary>
/// Props from a plain factory. <c>Props.Create(() =&gt; new T(…))</c> analyses and compiles an expression tree on every
/// call, which is a measurable share of a probe's cost when a probe is three short-lived actors.
/// </summary>
public static class ActorFactory
{
    public static Props Props<T>(Func<T> factory)
        where T : ActorBase => Akka.Actor.Props.CreateBy(new Producer<T>(factory));

    /// <summary>
    /// Props whose producer holds the arguments itself and a static factory: an actor keeps its props for life, and a
    /// capturing lambda would add a delegate and a closure to each of the thousands of pod attachments.
    /// </summary>
    public static Props Props<T, TArgs>(TArgs args, Func<TArgs, T> factory)
        where T : ActorBase => Akka.Actor.Props.CreateBy(new Producer<T, TArgs>(args, factory));

    private sealed class Producer<T>(Func<T> factory) : IIndirectActorProducer
        where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }

    private sealed class Producer<T, TArgs>(TArgs args, Func<TArgs, T> factory) : IIndirectActorProducer
        where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => factory(args);

        public void Release(ActorBase actor)
        {
        }
    }
}
