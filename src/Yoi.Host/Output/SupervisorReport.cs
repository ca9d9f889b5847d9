namespace Yoi.Host.Output;

/// <summary>The process that probed: its open descriptors and open pod connections.</summary>
public sealed record SupervisorReport(int OpenFds, int OpenConnections, long Cycles, int Pid);
