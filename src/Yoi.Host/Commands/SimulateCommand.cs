using Spectre.Console;
using Spectre.Console.Cli;
using Yoi.Actors.Registry;
using Yoi.Simulation;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>simulate</c>: a simulated fleet as a long-running process, registered in <c>pods.json</c> and
/// unregistered when it ends (SIGINT/SIGTERM).</summary>
public sealed class SimulateCommand : AsyncCommand<SimulateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SimulateSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        if (settings.One is { } one)
            return await RunOneAsync(one, env.RuntimeDir, settings, cancellationToken).ConfigureAwait(false);
        var specs = settings.Specs();
        foreach (var spec in specs)
        {
            if (PodNames.Validate(spec.Name) is { } problem)
                throw new CliException(ExitCodes.Usage, $"pod name '{spec.Name}': {problem}");
        }

        using var signal = new ShutdownSignal(cancellationToken);
        SimulatedFleet fleet;
        try
        {
            fleet = await SimulatedFleet.StartAsync(env.RuntimeDir, specs, settings.Options()).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Usage, e.Message);
        }

        await using (fleet.ConfigureAwait(false))
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("POD", "MODE", "PID", "SOCKET");
            foreach (var pod in fleet.Pods)
                table.AddRow(Markup.Escape(pod.Name), pod.Mode.WireName(), pod.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(pod.SocketPath));
            Terminal.Out.Write(table);
            Console.Out.WriteLine($"simulating {fleet.Pods.Count} pods in {fleet.RuntimeDir} (registered in {fleet.RegistryPath}); Ctrl-C stops");
            Console.Out.Flush();

            try
            {
                await Task.Delay(Timeout.Infinite, signal.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGINT / SIGTERM: unregister and close everything below.
            }
        }

        Console.Error.WriteLine("simulation stopped; pods unregistered");
        return ExitCodes.Ok;
    }

    /// <summary><c>simulate --one NAME</c>: one pod in this process, as a managed pod's command runs it. SIGINT (the
    /// supervisor's second stop step) unregisters it; SIGTERM keeps the runtime's behaviour and ends it outright.</summary>
    private static async Task<int> RunOneAsync(string name, string runtimeDir, SimulateSettings settings, CancellationToken cancellationToken)
    {
        if (PodNames.Validate(name) is { } problem)
            throw new CliException(ExitCodes.Usage, $"pod name '{name}': {problem}");
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var onSigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            interrupted.Cancel();
        });
        return await SinglePodProcess.RunAsync(name, runtimeDir, settings.Options().Dialect, PodModes.Parse(settings.Mode), interrupted.Token).ConfigureAwait(false);
    }
}
