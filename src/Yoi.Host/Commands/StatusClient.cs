using Yoi.Host.Control.Client;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>status</c>: one probe cycle (or a probe of <see cref="Pod"/>) and the fleet, as JSON (design §4) or a table.</summary>
public sealed class StatusClient(bool json, string? pod) : ClientCommand
{
    public string? Pod { get; } = pod;

    public override bool TakesTurnInProcess => true;

    public override TimeSpan? Deadline => TimeSpan.FromSeconds(60);

    public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
    {
        var report = await client.ProbeAsync(Pod, ct).ConfigureAwait(false);
        if (report.RegistryError is { } registryError)
            throw new CliException(ExitCodes.RegistryUnreadable, registryError);

        if (json)
        {
            Console.Out.WriteLine(FleetJson.ToStatusJson(report));
        }
        else
        {
            FleetTable.Print(report, throughDaemon);
        }

        return ExitCodes.Ok;
    }
}
