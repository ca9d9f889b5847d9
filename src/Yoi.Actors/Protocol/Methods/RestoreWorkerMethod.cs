namespace Yoi.Actors.Protocol;

/// <summary><c>restore_worker</c> (worker dialect): the pod dialect's <see cref="RestorePodMethod"/>. <c>WorkerName</c>
/// is the wire field <c>name</c>.</summary>
public sealed record RestoreWorkerMethod(string WorkerName) : Method
{
    public const string WireName = "restore_worker";

    public override string Name => WireName;
}
