namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.CloseAtOnce"/>: accepts, then closes the connection at once.</summary>
internal sealed class CloseAtOnceBehaviour : MuteBehaviour
{
    private CloseAtOnceBehaviour()
    {
    }

    public static CloseAtOnceBehaviour Instance { get; } = new();

    public override bool KeepsConnections => false;

    public override Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token) =>
        throw new InvalidOperationException("a close-at-once pod keeps no connection");
}
