namespace Yoi.Host.Commands;

/// <summary>The argv that runs this executable again: its apphost, or <c>dotnet Yoi.Host.dll</c> when it was started so.</summary>
public static class SelfCommand
{
    public static IReadOnlyList<string> Prefix()
    {
        var path = Environment.ProcessPath ?? throw new CliException(ExitCodes.Failure, "cannot tell which executable this process runs");
        return Path.GetFileNameWithoutExtension(path) == "dotnet" ? [path, typeof(Program).Assembly.Location] : [path];
    }
}
