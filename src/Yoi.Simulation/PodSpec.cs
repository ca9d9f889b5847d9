namespace Yoi.Simulation;

/// <summary>One pod of a <see cref="SimulatedFleet"/>: its name (a path segment under the runtime directory) and mode.</summary>
public sealed record PodSpec(string Name, PodMode Mode);
