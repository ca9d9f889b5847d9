namespace Yoi.Actors.Tests.Support;

/// <summary>Tests that count this process's open descriptors run alone: any parallel test would move the count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FdSensitiveCollection
{
    public const string Name = "fd-sensitive";
}
