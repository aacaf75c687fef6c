namespace ClusterWorkflows.Inventory.Resolution;

/// <summary>Where an inventory came from: <see cref="BaseDirectory"/> anchors a relative knownHosts path.</summary>
internal sealed record InventorySource(string? SourcePath, string? BaseDirectory);
