namespace Yoi.Actors.Tests.Simulation;

/// <summary>A short temp directory (Unix socket paths are limited to 107 bytes), deleted on dispose.</summary>
internal sealed class SimTempDir : IDisposable
{
    public SimTempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ys-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Socket(string name = "p") => System.IO.Path.Combine(Path, name + ".sock");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a failing test may still hold something open.
        }
    }
}
