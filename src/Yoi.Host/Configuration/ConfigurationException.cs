namespace Yoi.Host.Configuration;

/// <summary>A configuration file that cannot be used: <see cref="Key"/> is where (<c>managed.pods.alpha.restart</c>),
/// <see cref="Pod"/> the managed pod it concerns (null for the file's own keys), <see cref="Problem"/> what is wrong.
/// The message is one line naming both.</summary>
public sealed class ConfigurationException(string key, string? pod, string problem)
    : Exception(pod is not null && !key.Contains($".{pod}", StringComparison.Ordinal) ? $"{key} (pod {pod}): {problem}" : $"{key}: {problem}")
{
    public string Key { get; } = key;

    public string? Pod { get; } = pod;

    public string Problem { get; } = problem;
}
