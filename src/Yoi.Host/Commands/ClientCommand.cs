using Yoi.Host.Control.Client;
using Yoi.Host.Control.Wire;
using Yoi.Host.Hosting;

namespace Yoi.Host.Commands;

/// <summary>
/// What a command that talks to the supervisor does once connected: its request, the stream it reads, the output.
/// <see cref="RunAsync"/> is the skeleton all of them share: signals handled from the start, the link opened (daemon, or
/// in-process), the command run, the supervisor's errors mapped to exit codes, a signal (or the panel's <c>q</c>)
/// ending it cleanly, the link closed.
/// </summary>
public abstract class ClientCommand
{
    /// <summary>How long the whole command may take; null for none (streams).</summary>
    public virtual TimeSpan? Deadline => null;

    /// <summary>Without a daemon, the command's supervisor in this process waits for an <see cref="InProcessTurn"/> among
    /// those of the same runtime directory (one-shot commands, so that a crowd of them does not probe all at once).</summary>
    public virtual bool TakesTurnInProcess => false;

    /// <summary>Talks to the supervisor; returns the exit code.</summary>
    /// <param name="stop">Ends the command as a signal would (the panel's <c>q</c>).</param>
    public abstract Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct);

    /// <summary>The exit code after Ctrl-C / SIGTERM (or <c>stop</c>); by default the command failed, "interrupted".</summary>
    protected virtual int Interrupted() => throw new CliException(ExitCodes.Failure, "interrupted");

    /// <summary>Runs <paramref name="command"/> against the daemon of <paramref name="runtimeDir"/>, or else a supervisor
    /// in this process.</summary>
    public static Task<int> RunAsync(ClientCommand command, SupervisorOptions options, string runtimeDir, CancellationToken outer) =>
        RunAsync(command, ct => SupervisorLink.OpenAsync(options, runtimeDir, ct, command.TakesTurnInProcess), outer);

    /// <summary>Runs <paramref name="command"/> against the daemon of <paramref name="runtimeDir"/> only (the managed pods'
    /// commands: an in-process supervisor manages none); without one, exit 7 saying so.</summary>
    public static Task<int> RunThroughDaemonAsync(ClientCommand command, string runtimeDir, CancellationToken outer) =>
        RunAsync(command, _ => Task.FromResult(SupervisorLink.TryDaemon(runtimeDir) ?? throw new CliException(ExitCodes.SupervisorUnavailable,
            $"no supervisor is running for {runtimeDir} (managed pods are run by the daemon: start it with '{Program.Name} run')")), outer);

    /// <summary>Runs <paramref name="command"/> over the link <paramref name="open"/> makes.</summary>
    public static async Task<int> RunAsync(ClientCommand command, Func<CancellationToken, Task<SupervisorLink>> open, CancellationToken outer)
    {
        using var signal = new ShutdownSignal(outer);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(signal.Token);
        if (command.Deadline is { } limit) deadline.CancelAfter(limit);
        try
        {
            await using var link = await open(deadline.Token).ConfigureAwait(false);
            return await command.RunAsync(link.Client, link.ThroughDaemon, signal.Trigger, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (signal.Token.IsCancellationRequested && e is OperationCanceledException or ControlException { Code: ControlException.ConnectionLost })
        {
            return command.Interrupted();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.SupervisorUnavailable, $"no answer from the supervisor within {command.Deadline?.TotalSeconds:0} s");
        }
        catch (ControlException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>The exit code and message of a request the supervisor did not fulfil.</summary>
    public static CliException Failure(ControlException e) => e.Code switch
    {
        ControlNames.UnknownPod or ControlNames.AttachFailed or ControlNames.SendFailed
            or ControlNames.NotManaged or ControlNames.Refused or ControlNames.NoLog => new CliException(ExitCodes.PodUnavailable, e.Message),
        ControlNames.InvalidRequest or ControlNames.InvalidConfig => new CliException(ExitCodes.Usage, e.Message),
        ControlNames.Denied => new CliException(ExitCodes.SupervisorUnavailable, $"denied: the supervisor refused this connection ({e.Message})"),
        ControlException.ConnectionLost or ControlException.BadReply => new CliException(ExitCodes.SupervisorUnavailable, e.Message),
        _ => new CliException(ExitCodes.SupervisorUnavailable, $"the supervisor answered {e.Code}: {e.Message}"),
    };
}
