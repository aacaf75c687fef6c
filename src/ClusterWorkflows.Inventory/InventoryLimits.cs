namespace ClusterWorkflows.Inventory;

/// <summary>
/// The limits on inventory documents, in one place (docs/DECISIONS.md, "Input limits (issue 13)").
/// </summary>
public static class InventoryLimits
{
    /// <summary>Mappings and sequences nested deeper are refused before any node is built (the YAML model recurses per level).</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>Alias references one inventory may hold.</summary>
    public const int MaxAliases = 1_000;

    /// <summary>Errors reported for one inventory; the rest are counted.</summary>
    public const int MaxReportedErrors = 100;
}
