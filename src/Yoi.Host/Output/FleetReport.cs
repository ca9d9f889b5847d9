namespace Yoi.Host.Output;

/// <summary>The fleet at one moment, as the control protocol carries it and the CLI renders it.</summary>
public sealed record FleetReport(
    DateTimeOffset At,
    IReadOnlyList<PodReport> Pods,
    SupervisorReport Supervisor,
    string? RegistryError);
