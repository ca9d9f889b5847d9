namespace Yoi.Host.Control;

public static class ControlPaths
{
    public const string SocketFileName = "supervisor.sock";

    public static string SocketIn(string runtimeDir) => Path.Combine(runtimeDir, SocketFileName);
}
