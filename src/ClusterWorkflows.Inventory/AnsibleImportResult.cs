namespace ClusterWorkflows.Inventory;

/// <summary>
/// The imported inventory (null when <see cref="Errors"/> is not empty) and warnings the operator
/// must act on (e.g. secrets to store with <c>cw secret set</c>).
/// </summary>
public sealed record AnsibleImportResult(HostInventory? Inventory, IReadOnlyList<InventoryError> Errors, IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Inventory is not null && Errors.Count == 0;
}
