namespace Yoi.Actors.Protocol;

/// <summary><c>restore_pod</c>: Restore a visible stopped pod. <c>PodName</c> is the wire field <c>name</c> (renamed: <see cref="Method.Name"/> is the wire tag).</summary>
public sealed record RestorePodMethod(string PodName) : Method
{
    public const string WireName = "restore_pod";

    public override string Name => WireName;
}
