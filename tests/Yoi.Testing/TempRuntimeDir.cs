namespace Yoi.Testing;

/// <summary>
/// A fresh private (0700) directory with a short path under /tmp (Unix socket paths are limited to 107 bytes), laid out
/// as a runtime directory; deleted with everything in it on dispose.
/// </summary>
public sealed class TempRuntimeDir : IDisposable
{
    public TempRuntimeDir()
    {
        Path = System.IO.Path.Combine("/tmp", "yoi-t-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    /// <summary><c>pods.json</c> in the directory.</summary>
    public string RegistryPath => File("pods.json");

    /// <summary>The supervisor's control socket in the directory.</summary>
    public string ControlSocket => File("supervisor.sock");

    /// <summary>A path in the directory (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a failing test may still hold something open, and a leftover temp dir must not fail a test.
        }
    }
}
