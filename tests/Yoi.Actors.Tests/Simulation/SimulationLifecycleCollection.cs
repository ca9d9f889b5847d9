namespace Yoi.Actors.Tests.Simulation;

/// <summary>Tests that count this process's file descriptors must not run beside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulationLifecycleCollection
{
    public const string Name = "Simulation lifecycle (no parallel tests)";
}
