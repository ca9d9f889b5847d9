namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Slow"/>: greets only after <see cref="SimulationOptions.SlowDelay"/>, then behaves normally.</summary>
internal sealed class SlowBehaviour : ConversingBehaviour
{
    private SlowBehaviour()
    {
    }

    public static SlowBehaviour Instance { get; } = new();

    protected override TimeSpan GreetingDelay(SimulationOptions options) => options.SlowDelay;
}
