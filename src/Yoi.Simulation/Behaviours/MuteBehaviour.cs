namespace Yoi.Simulation.Behaviours;

/// <summary>A mode that may write something on connect but never answers a method (methods are still counted).</summary>
internal abstract class MuteBehaviour : PodBehaviour
{
    public sealed override ValueTask AnswerAsync(SimConnection connection, PodContext pod, string line, CancellationToken token) =>
        ValueTask.CompletedTask;
}
