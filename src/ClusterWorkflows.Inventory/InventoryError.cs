namespace ClusterWorkflows.Inventory;

/// <summary>A problem in an inventory file. Line and column are 1-based; 0 when the problem concerns the whole file.</summary>
public sealed record InventoryError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
