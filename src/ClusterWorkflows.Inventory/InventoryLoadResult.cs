namespace ClusterWorkflows.Inventory;

/// <summary>The inventory, or null when <see cref="Errors"/> is not empty.</summary>
public sealed record InventoryLoadResult(HostInventory? Inventory, IReadOnlyList<InventoryError> Errors)
{
    public bool Succeeded => Inventory is not null && Errors.Count == 0;
}
