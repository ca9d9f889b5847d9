using System.Diagnostics;

namespace Yoi.Actors.Tests.Registry;

/// <summary>Another process (util-linux <c>flock(1)</c>) holding a flock on a file until released or disposed.</summary>
internal sealed class FlockHolder : IDisposable
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private FlockHolder(Process process) => _process = process;

    /// <summary>Returns once the other process reports that it holds the lock.</summary>
    public static async Task<FlockHolder> HoldAsync(string path, bool exclusive)
    {
        var start = new ProcessStartInfo("flock")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // "locked" is printed only once flock(1) has the lock; cat then keeps it until its stdin closes.
        foreach (var argument in new[] { exclusive ? "--exclusive" : "--shared", path, "-c", "echo locked; exec cat" })
            start.ArgumentList.Add(argument);

        var holder = new FlockHolder(Process.Start(start) ?? throw new InvalidOperationException("flock(1) did not start"));
        try
        {
            var line = await holder._process.StandardOutput.ReadLineAsync().WaitAsync(Ceiling);
            Assert.Equal("locked", line);
            return holder;
        }
        catch
        {
            holder.Dispose();
            throw;
        }
    }

    public async Task ReleaseAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync().WaitAsync(Ceiling);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
