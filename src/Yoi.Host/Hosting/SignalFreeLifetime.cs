using Microsoft.Extensions.Hosting;

namespace Yoi.Host.Hosting;

/// <summary>A host lifetime that leaves SIGINT/SIGTERM alone: the commands handle signals themselves
/// (<see cref="Commands.ShutdownSignal"/>), registered before anything starts, and stop the host in order.</summary>
public sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
