namespace Yoi.Host.Tests;

/// <summary>A short private directory under /tmp (socket paths must stay under 108 bytes), removed on dispose.</summary>
public sealed class TempRuntimeDir : IDisposable
{
    public TempRuntimeDir()
    {
        Path = System.IO.Path.Combine("/tmp", "yoi-host-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public string ControlSocket => System.IO.Path.Combine(Path, "supervisor.sock");

    public string Registry => System.IO.Path.Combine(Path, "pods.json");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
