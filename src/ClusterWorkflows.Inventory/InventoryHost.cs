using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory;

/// <summary>A resolved host.</summary>
/// <param name="Name">HostInventory name (unique).</param>
/// <param name="Address">IP address or DNS name to connect to.</param>
/// <param name="Port">SSH port (host <c>port</c>, else 22).</param>
/// <param name="User">SSH user: the host's <c>user</c>, else its merged <c>ssh_user</c> variable, else null.</param>
/// <param name="Groups">Direct and inherited groups, sorted (ordinal); the implicit <c>all</c> is not listed.</param>
/// <param name="Vars">Merged variables (global, then groups, then host); secret references stay as
/// <c>{"secret":"name"}</c>. Treat as read-only: use <see cref="HostInventory.ToJson"/> for a copy.</param>
public sealed record InventoryHost(
    string Name,
    string Address,
    int Port,
    string? User,
    IReadOnlyList<string> Groups,
    JsonObject Vars);
