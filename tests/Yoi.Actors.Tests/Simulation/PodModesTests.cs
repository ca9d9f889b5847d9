using Yoi.Simulation;

namespace Yoi.Actors.Tests.Simulation;

public sealed class PodModesTests
{
    [Theory]
    [InlineData("normal", PodMode.Normal)]
    [InlineData("silent", PodMode.Silent)]
    [InlineData("slow", PodMode.Slow)]
    [InlineData("partial-line", PodMode.PartialLine)]
    [InlineData("garbage", PodMode.Garbage)]
    [InlineData("unknown-variants", PodMode.UnknownVariants)]
    [InlineData("huge-line", PodMode.HugeLine)]
    [InlineData("close-at-once", PodMode.CloseAtOnce)]
    [InlineData("refused", PodMode.Refused)]
    [InlineData("missing", PodMode.Missing)]
    [InlineData("stale", PodMode.Stale)]
    [InlineData("flood", PodMode.Flood)]
    public void Wire_names_round_trip(string name, PodMode mode)
    {
        Assert.Equal(mode, PodModes.Parse(name));
        Assert.Equal(name, mode.WireName());
        Assert.Equal(mode, PodModes.Parse(" " + name.ToUpperInvariant() + " "));
    }

    [Fact]
    public void Every_mode_has_a_wire_name_and_faults_exclude_normal()
    {
        Assert.Equal(Enum.GetValues<PodMode>(), PodModes.All);
        Assert.Equal(PodModes.All.Count - 1, PodModes.Faults.Count);
        Assert.DoesNotContain(PodMode.Normal, PodModes.Faults);
    }

    [Theory]
    [InlineData("partial_line")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_name_lists_the_valid_ones(string? name)
    {
        var e = Assert.Throws<ArgumentException>(() => PodModes.Parse(name));

        Assert.Contains("normal, silent, slow, partial-line, garbage, unknown-variants, huge-line, close-at-once, refused, missing, stale, flood", e.Message);
        Assert.False(PodModes.TryParse(name, out _));
    }
}
