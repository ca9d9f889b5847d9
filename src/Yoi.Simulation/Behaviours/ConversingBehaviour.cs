namespace Yoi.Simulation.Behaviours;

/// <summary>
/// A mode that talks like a real pod through the pod's <see cref="PodEngine"/>: greets with the prelude, alerts and a
/// snapshot (after <see cref="GreetingDelay"/>), then answers methods.
/// </summary>
internal abstract class ConversingBehaviour : PodBehaviour
{
    /// <summary>How long a new connection waits before its greeting.</summary>
    protected virtual TimeSpan GreetingDelay(SimulationOptions options) => TimeSpan.Zero;

    public sealed override async Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token)
    {
        var delay = GreetingDelay(pod.Options);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
        }

        pod.Engine.Greet(connection, pod.Prelude);
    }

    public sealed override async ValueTask AnswerAsync(SimConnection connection, PodContext pod, string line, CancellationToken token)
    {
        // Answers must follow the greeting (matters for Slow, whose greeting is late).
        await connection.Greeted.WaitAsync(token).ConfigureAwait(false);
        pod.Engine.Handle(connection, line);
    }
}
