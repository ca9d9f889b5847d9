using System.ComponentModel;
using System.Net.Sockets;

namespace Yoi.Host.Control;

/// <summary><c>socketpair(AF_UNIX, SOCK_STREAM)</c>: two connected sockets, for talking the control protocol in-process.</summary>
public static class SocketPair
{
    public static unsafe (Socket Left, Socket Right) Create()
    {
        var fds = stackalloc int[2];
        if (Native.socketpair(Native.AfUnix, Native.SockStream | Native.SockCloexec, 0, fds) != 0)
            throw new Win32Exception(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), "socketpair failed");
        Socket? left = null;
        try
        {
            left = new Socket(new SafeSocketHandle(fds[0], ownsHandle: true));
            var right = new Socket(new SafeSocketHandle(fds[1], ownsHandle: true));
            return (left, right);
        }
        catch
        {
            left?.Dispose();
            throw;
        }
    }
}
