namespace ClusterWorkflows.Definitions.Limits;

/// <summary>
/// The limits on what the product reads from runbook authors and API callers, in one place
/// (docs/DECISIONS.md, "Input limits (issue 13)", says why each value).
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// Mappings and sequences nested deeper are refused before any node is built (the YAML model
    /// recurses once per level). Deep enough that the loader's own, clearer limits (64 step
    /// levels of two YAML levels each, 64 levels inside a value) report first; far from any stack.
    /// </summary>
    public const int MaxNestingDepth = 256;

    /// <summary>Steps nested deeper than this are refused by the loader.</summary>
    public const int MaxStepDepth = 64;

    /// <summary>Alias references one YAML document may hold; a real runbook has a handful.</summary>
    public const int MaxAliases = 1_000;

    /// <summary>Characters of a workflow id (the id rule's pattern carries it, so schema, validator and API agree).</summary>
    public const int MaxWorkflowIdLength = 128;

    /// <summary>A runbook file larger than this is refused unread (the workflows folder and <c>cw validate</c> alike).</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>Errors reported for one document; the rest are counted ("and N more").</summary>
    public const int MaxReportedErrors = 100;
}
