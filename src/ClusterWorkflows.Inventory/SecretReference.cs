namespace ClusterWorkflows.Inventory;

/// <summary>
/// A variable whose value lives in the secret store. Written in YAML as <c>{ secret: name }</c>;
/// only the name is ever stored in the inventory.
/// </summary>
public sealed record SecretReference(string Name);
