namespace ClusterWorkflows.Definitions.Model;

/// <summary>Shared empty defaults, so records built in code do not allocate one per instance.</summary>
internal static class EmptyFields
{
    public static readonly IReadOnlyDictionary<string, SourceLocation> Locations = new Dictionary<string, SourceLocation>();

    public static readonly IReadOnlySet<string> Reported = new HashSet<string>();
}
