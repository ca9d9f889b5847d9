using Yoi.Host.Control.Client;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>status</c>: one probe cycle (or a probe of <see cref="Pod"/>) and the fleet, as JSON (design §4) or a table.
/// With <paramref name="cluster"/>: every node's pods as the local cluster node sees them (no new probe), rows with their
/// node (the table names them <c>NODE/POD</c>, as <c>send</c> and <c>watch</c> take them).</summary>
public sealed class StatusClient(bool json, string? pod, bool cluster = false) : ClientCommand
{
    public string? Pod { get; } = pod;

    public bool Cluster { get; } = cluster;
    public override bool TakesTurnInProcess => true;

    public override TimeSpan? Deadline => TimeSpan.FromSeconds(60);

    public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
    {
        if (Cluster && !throughDaemon)
            throw new CliException(ExitCodes.SupervisorUnavailable, "status --cluster asks a running `run --cluster` daemon, and none runs in this runtime directory");
        var report = Cluster ? await client.ClusterFleetAsync(ct).ConfigureAwait(false) : await client.ProbeAsync(Pod, ct).ConfigureAwait(false);
        if (report.RegistryError is { } registryError)
            throw new CliException(ExitCodes.RegistryUnreadable, registryError);

        if (json)
        {
            Console.Out.WriteLine(FleetJson.ToStatusJson(report));
        }
        else
        {
            FleetTable.Print(Cluster ? ClusterNames(report) : report, throughDaemon);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Cluster rows named <c>NODE/POD</c> for people.</summary>
    public static FleetReport ClusterNames(FleetReport report) =>
        report with { Pods = report.Pods.Select(p => p.Node is { } node ? p with { Name = node + "/" + p.Name } : p).ToList() };
}
