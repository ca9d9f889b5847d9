namespace Yoi.Actors.Protocol;

/// <summary><c>resume</c>: Resume a paused pod.</summary>
public sealed record ResumeMethod : Method
{
    public const string WireName = "resume";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static ResumeMethod Instance { get; } = new();

    private ResumeMethod()
    {
    }

    public override string Name => WireName;
}
