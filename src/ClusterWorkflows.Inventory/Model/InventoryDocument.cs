using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Model;

/// <summary>
/// The inventory as written (YAML or imported INI). Kept next to the resolved view so that
/// <c>ToYaml</c> writes what the author declared instead of the merged result.
/// </summary>
internal sealed class InventoryDocument
{
    public JsonObject Vars { get; } = [];
    public List<HostDeclaration> Hosts { get; } = [];
    public List<GroupDeclaration> Groups { get; } = [];
    public string? KnownHosts { get; set; }
    public bool? TrustOnFirstUse { get; set; }
}
