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

    /// <summary>Host names an Ansible INI file's lines may expand to in all (each range is at most 10,000).</summary>
    public const int MaxExpandedHosts = 100_000;

    /// <summary>An inventory file larger than this is refused unread.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;
}
