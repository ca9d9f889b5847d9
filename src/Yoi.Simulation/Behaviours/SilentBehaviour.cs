namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Silent"/>: accepts and reads, never writes a byte.</summary>
internal sealed class SilentBehaviour : MuteBehaviour
{
    private SilentBehaviour()
    {
    }

    public static SilentBehaviour Instance { get; } = new();

    public override Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token) => Task.CompletedTask;
}
