namespace Yoi.Actors.Tests.Support;

/// <summary>A fresh runtime directory with a short path (Unix socket paths are limited to 107 bytes), deleted on dispose.</summary>
public sealed class TempRuntimeDir : IDisposable
{
    public TempRuntimeDir()
    {
        Path = System.IO.Path.Combine("/tmp", "yoi-t-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public string RegistryPath => System.IO.Path.Combine(Path, "pods.json");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
    }
}
