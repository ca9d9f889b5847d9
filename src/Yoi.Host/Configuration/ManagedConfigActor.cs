using Akka.Actor;
using Microsoft.Extensions.Logging;
using Yoi.Actors.Managed;

namespace Yoi.Host.Configuration;

/// <summary>
/// The daemon's managed configuration: which file it came from and the pods it gives. It answers the control requests
/// that need a pod's spec (<c>logs</c>: where its files are) and performs <c>reload</c> (the request, and SIGHUP): it
/// re-reads the file, resolves it, and hands the pods to the supervisor (<see cref="Managed.Reload"/>). A file that
/// cannot be used keeps the running configuration; the reply says why. Reloads are applied one at a time: those that
/// come while one is applied are coalesced into one more reload once it is done, answered to each of them (their
/// number is bounded by the control connections, each asking one at a time; repeated SIGHUPs count once).
/// </summary>
public sealed class ManagedConfigActor : UntypedActor
{
    public const string DefaultName = "managed-config";

    /// <summary>Re-read the file and apply it. Reply: <see cref="Reloaded"/> or <see cref="ReloadFailed"/> (also logged).</summary>
    public sealed record Reload
    {
        public static Reload Instance { get; } = new();

        private Reload()
        {
        }
    }

    public sealed record Reloaded(string File, Managed.Reloaded Result);

    public sealed record ReloadFailed(string Reason);

    /// <summary>Reply: <see cref="PodSpec"/>.</summary>
    public sealed record GetSpec(string Name);

    /// <summary>The spec of the managed pod asked for, null when there is no managed pod of that name.</summary>
    public sealed record PodSpec(string Name, ManagedPodSpec? Spec);

    private sealed record Applying(IReadOnlyList<IActorRef> ReplyTo, string File, IReadOnlyList<ManagedPodSpec> Pods);

    // The supervisor answers a reload once every pod is handled; stopping a changed pod can take its whole stop grace.
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(11);

    private readonly IActorRef _supervisor;
    private readonly string _runtimeDir;
    private readonly string? _flagPath;
    // The daemon's own log (not Akka's, whose Information lines the default log levels hide): a reload's outcome is
    // what the operator who sent SIGHUP looks for.
    private readonly ILogger _log;
    private string? _path;
    private IReadOnlyList<ManagedPodSpec> _pods;
    private Applying? _applying;
    private readonly List<IActorRef> _waiting = [];
    private bool _again;

    private ManagedConfigActor(IActorRef supervisor, string runtimeDir, string? path, string? flagPath, IReadOnlyList<ManagedPodSpec> pods, ILogger log)
    {
        _log = log;
        _supervisor = supervisor;
        _runtimeDir = runtimeDir;
        _path = path;
        _flagPath = flagPath;
        _pods = pods;
    }

    /// <param name="path">The file the daemon started from (null: none was found; a reload looks again by the same rules).</param>
    /// <param name="flagPath">The <c>--config</c> value it started with, if any.</param>
    /// <param name="pods">The pods it started with.</param>
    /// <param name="log">Where the outcome of every reload is logged.</param>
    public static Props Props(IActorRef supervisor, string runtimeDir, string? path, string? flagPath, IReadOnlyList<ManagedPodSpec> pods, ILogger log) =>
        Yoi.Actors.ActorFactory.Props(() => new ManagedConfigActor(supervisor, runtimeDir, path, flagPath, pods, log));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case GetSpec get:
                Sender.Tell(new PodSpec(get.Name, _pods.FirstOrDefault(p => p.Name == get.Name)));
                break;
            case Reload:
                StartReload([Sender]);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void StartReload(IReadOnlyList<IActorRef> replyTo)
    {
        string? path = _path;
        IReadOnlyList<ManagedPodSpec> pods;
        try
        {
            path ??= ConfigFile.Locate(_flagPath, Environment.GetEnvironmentVariable);
            if (path is null)
            {
                Fail(replyTo, "no configuration file: the supervisor started without one and none is at the default place "
                              + $"({ConfigFile.DefaultPath(Environment.GetEnvironmentVariable) ?? "no HOME"}) or in ${ConfigFile.EnvironmentVariable}");
                return;
            }

            var file = ConfigFile.Load(path);
            pods = ManagedConfig.Resolve(file.Managed, ManagedContext.For(file, _runtimeDir));
        }
        catch (ConfigurationException e)
        {
            Fail(replyTo, path is null ? e.Message : $"{path}: {e.Message}");
            return;
        }

        _applying = new Applying(replyTo, path, pods);
        _supervisor.Tell(new Managed.Reload(pods));
        Context.SetReceiveTimeout(ApplyTimeout);
        Become(AwaitingSupervisor);
    }

    private void AwaitingSupervisor(object message)
    {
        switch (message)
        {
            case Managed.Reloaded result when _applying is { } applying:
                Context.SetReceiveTimeout(null);
                _path = applying.File;
                _pods = applying.Pods;
                _log.LogInformation("reloaded {File}: added [{Added}], removed [{Removed}], changed [{Changed}], {Unchanged} unchanged", applying.File,
                    string.Join(", ", result.Added), string.Join(", ", result.Removed), string.Join(", ", result.Changed), result.Unchanged);
                foreach (var to in applying.ReplyTo.Where(r => !r.IsNobody()))
                    to.Tell(new Reloaded(applying.File, result));
                Done();
                break;
            case ReceiveTimeout when _applying is { } applying:
                Context.SetReceiveTimeout(null);
                Fail(applying.ReplyTo, $"the supervisor did not apply {applying.File} within {ApplyTimeout.TotalMinutes:0} min");
                Done();
                break;
            case GetSpec get:
                // The running configuration until the new one is applied.
                Sender.Tell(new PodSpec(get.Name, _pods.FirstOrDefault(p => p.Name == get.Name)));
                break;
            case Reload:
                _again = true;
                if (!Sender.IsNobody() && !_waiting.Contains(Sender)) _waiting.Add(Sender);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Done()
    {
        _applying = null;
        Become(OnReceive);
        if (!_again) return;
        _again = false;
        var waiting = _waiting.ToList();
        _waiting.Clear();
        StartReload(waiting);
    }

    private void Fail(IReadOnlyList<IActorRef> replyTo, string reason)
    {
        _log.LogWarning("reload refused, the running configuration is kept: {Reason}", reason);
        foreach (var to in replyTo.Where(r => !r.IsNobody()))
            to.Tell(new ReloadFailed(reason));
    }
}
