using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory;

/// <summary>A resolved group.</summary>
/// <param name="Name">Group name.</param>
/// <param name="Hosts">Every member, including members of child groups, sorted (ordinal).</param>
/// <param name="Children">Direct child groups as declared, sorted (ordinal).</param>
/// <param name="Vars">The group's own variables (not merged). Treat as read-only.</param>
public sealed record InventoryGroup(
    string Name,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<string> Children,
    JsonObject Vars);
