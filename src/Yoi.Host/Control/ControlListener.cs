using System.Net.Sockets;

namespace Yoi.Host.Control;

/// <summary>The listening control socket: created here (mode 0600, stale file taken over, a live owner refused),
/// then owned by the <see cref="ControlServer"/> actor, which disposes it and removes the file in its PostStop.</summary>
public sealed class ControlListener : IDisposable
{
    private int _disposed;

    private ControlListener(Socket socket, string path)
    {
        Socket = socket;
        Path = path;
    }

    public Socket Socket { get; }

    public string Path { get; }

    /// <summary>Binds <paramref name="path"/>. Throws <see cref="CliException"/> with <see cref="ExitCodes.SupervisorRunning"/>
    /// when a live supervisor answers there.</summary>
    public static ControlListener Bind(string path, int backlog = 64)
    {
        var dir = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        TakeOverStale(path);

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var oldMask = Native.umask(0x3F); // 0077: the socket file is created 0600 with no window
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            // Something appeared at the path between the check and the bind: say what, not what it might mean.
            throw Native.FileKind(path) is "socket" or null
                ? new CliException(ExitCodes.SupervisorRunning, $"another supervisor is starting on {path}")
                : new CliException(ExitCodes.Failure, $"{path} is a {Native.FileKind(path)}, not a control socket: not touching it (remove it yourself, or use another --runtime-dir)");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        finally
        {
            Native.umask(oldMask);
        }

        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            TryDelete(path);
            throw;
        }

        return new ControlListener(socket, path);
    }

    /// <summary>True when something accepts connections on <paramref name="path"/> (a live supervisor).</summary>
    public static bool IsLive(string path)
    {
        if (!File.Exists(path)) return false;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void TakeOverStale(string path)
    {
        // Only a socket is ever taken over: anything else there is someone's, and deleting it would lose it.
        switch (Native.FileKind(path))
        {
            case null:
                return;
            case "socket":
                break;
            case var kind:
                throw new CliException(ExitCodes.Failure,
                    $"{path} is a {kind}{Detail(path, kind)}, not a control socket: not touching it (remove it yourself, or use another --runtime-dir)");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            // Nobody listens: a supervisor died without cleaning up. Take the path over.
            TryDelete(path);
            return;
        }
        catch (SocketException e)
        {
            throw new CliException(ExitCodes.Failure, $"cannot check the existing control socket {path}: {e.Message}");
        }

        throw new CliException(ExitCodes.SupervisorRunning,
            $"another supervisor is already running on {path} (stop it first, or use another --runtime-dir)");
    }

    private static string Detail(string path, string kind)
    {
        try
        {
            return kind switch
            {
                "regular file" => $" of {new FileInfo(path).Length} bytes",
                "directory" => $" with {Directory.EnumerateFileSystemEntries(path).Count()} entries",
                "symbolic link" => $" to {new FileInfo(path).LinkTarget}",
                _ => "",
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a later bind reports the real problem.
        }
    }

    /// <summary>Closes the socket and removes the file; idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Socket.Dispose();
        TryDelete(Path);
    }
}
