namespace Yoi.Actors.Protocol;

/// <summary><c>register_peer</c>: Register another pod as a peer. <c>PodName</c> is the wire field <c>name</c>.</summary>
public sealed record RegisterPeerMethod(string PodName) : Method
{
    public const string WireName = "register_peer";

    public override string Name => WireName;
}
