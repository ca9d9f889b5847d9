namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Normal"/>: the full pod behaviour.</summary>
internal sealed class NormalBehaviour : ConversingBehaviour
{
    private NormalBehaviour()
    {
    }

    public static NormalBehaviour Instance { get; } = new();
}
