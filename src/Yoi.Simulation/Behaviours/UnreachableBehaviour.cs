namespace Yoi.Simulation.Behaviours;

/// <summary>A mode whose socket nobody accepts on: no connection, hence no greeting and no answer, ever exists.</summary>
internal abstract class UnreachableBehaviour : MuteBehaviour
{
    public sealed override bool Accepts => false;

    public sealed override Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token) =>
        throw new InvalidOperationException("an unreachable pod has no connections");
}
