namespace Yoi.Testing;

/// <summary>tests/Yoi.TestPod's executable (one simulated pod as its own process), built with the solution.</summary>
public static class TestPodBinary
{
    /// <summary>Beside the running test project's: <c>tests/&lt;project&gt;/bin/&lt;config&gt;/net10.0/</c> →
    /// <c>tests/Yoi.TestPod/bin/&lt;config&gt;/net10.0/Yoi.TestPod</c>, the same configuration.</summary>
    public static string Path
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var config = here.Parent!.Name;
            var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
            var exe = System.IO.Path.Combine(tests, "Yoi.TestPod", "bin", config, "net10.0", "Yoi.TestPod");
            if (!File.Exists(exe))
                throw new InvalidOperationException($"the test pod is not built: {exe}");
            return exe;
        }
    }
}
