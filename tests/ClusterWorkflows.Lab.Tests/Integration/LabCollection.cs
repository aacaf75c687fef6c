namespace ClusterWorkflows.Lab.Tests.Integration;

/// <summary>Lab tests run one class at a time: two labs at once would compete for 2 cores.</summary>
[CollectionDefinition(Name)]
public sealed class LabCollection
{
    public const string Name = "lab";
}
