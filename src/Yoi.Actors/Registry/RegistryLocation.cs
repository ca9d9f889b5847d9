namespace Yoi.Actors.Registry;

/// <summary>A row of a registry file: its <paramref name="Index"/> in <c>allocations</c>.</summary>
public sealed record RegistryLocation(RegistryFlavor Flavor, int Index)
{
    public override string ToString() => $"{Flavor.FileName} {RegistryJson.AllocationsKey}[{Index}]";
}
