namespace Yoi.Actors.Registry;

/// <summary>A row left out of the fleet: its name is one the runtime could not have (<see cref="PodNames.Validate"/>), or
/// an earlier row of the same file has the name already. <paramref name="Name"/> is escaped and shortened
/// (<see cref="PodNames.Escape"/>), safe to print; the row's pid and socket are never used.</summary>
public sealed record RegistryRejectedRow(RegistryLocation Location, string Name, string Reason)
{
    public override string ToString() => $"{Location} \"{Name}\": {Reason}";
}
