using Akka.Actor;

namespace Yoi.Actors;

/// <summary>
/// Props from a plain factory. <c>Props.Create(() =&gt; new T(…))</c> analyses and compiles an expression tree on every
/// call, which is a measurable share of a probe's cost when a probe is three short-lived actors.
/// </summary>
internal static class ActorFactory
{
    public static Props Props<T>(Func<T> factory)
        where T : ActorBase => Akka.Actor.Props.CreateBy(new Producer<T>(factory));

    private sealed class Producer<T>(Func<T> factory) : IIndirectActorProducer
        where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
