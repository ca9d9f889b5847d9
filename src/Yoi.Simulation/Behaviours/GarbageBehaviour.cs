namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Garbage"/>: one non-JSON line, then nothing.</summary>
internal sealed class GarbageBehaviour : MuteBehaviour
{
    private GarbageBehaviour()
    {
    }

    public static GarbageBehaviour Instance { get; } = new();

    public override Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token) =>
        connection.SendAsync(SimWire.Line(SimWire.Garbage), token);
}
