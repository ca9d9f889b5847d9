namespace Yoi.Actors.Registry;

/// <summary>A valid name on more than one row, in file order (<c>pods.json</c> first). Within one file only its first row
/// is in the fleet (as the runtime finds the first); the others are <see cref="RegistrySnapshot.Rejected"/>. Across the two
/// files the first row of each is in the fleet, both flagged, never merged.</summary>
public sealed record RegistryDuplicate(string Name, IReadOnlyList<RegistryLocation> Locations)
{
    /// <summary>The name is in both <c>pods.json</c> and <c>workers.json</c>.</summary>
    public bool AcrossFiles => Locations.Select(l => l.Flavor).Distinct().Skip(1).Any();

    public override string ToString() =>
        $"\"{PodNames.Escape(Name)}\" is on {Locations.Count} rows: {string.Join(", ", Locations)}";
}
