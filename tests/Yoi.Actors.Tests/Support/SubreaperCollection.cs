namespace Yoi.Actors.Tests.Support;

/// <summary>Tests that make this process a child subreaper run alone: meanwhile every orphan of any other test's
/// processes would be reparented to this process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SubreaperCollection
{
    public const string Name = "subreaper";
}
