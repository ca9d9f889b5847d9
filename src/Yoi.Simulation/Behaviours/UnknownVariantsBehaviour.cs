namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.UnknownVariants"/>: an unknown event and an unknown segment kind before the greeting, then normal.</summary>
internal sealed class UnknownVariantsBehaviour : ConversingBehaviour
{
    private UnknownVariantsBehaviour()
    {
    }

    public static UnknownVariantsBehaviour Instance { get; } = new();

    public override IReadOnlyList<byte[]> Prelude(SimulationOptions options) =>
        [SimWire.Line(SimWire.FutureEvent), SimWire.Line(SimWire.UnknownSegmentMessage)];
}
