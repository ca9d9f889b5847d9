using System.Buffers.Binary;
using System.Net.Sockets;

namespace Yoi.Host.Control;

/// <summary>The credentials of the process at the other end of a Unix socket (<c>SO_PEERCRED</c>, <c>struct ucred</c>).</summary>
public sealed record PeerCredentials(int Pid, uint Uid, uint Gid)
{
    /// <summary>Null when the option cannot be read.</summary>
    public static PeerCredentials? Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            var length = socket.GetRawSocketOption(Native.SolSocket, Native.SoPeerCred, ucred);
            if (length < 12) return null;
        }
        catch (SocketException)
        {
            return null;
        }

        return new PeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }

    public static uint EffectiveUid => Native.geteuid();

    /// <summary>True when the peer runs as this process's effective user.</summary>
    public bool IsSameUser => Uid == EffectiveUid;
}
