using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Model;

/// <summary>A host as written, before groups and variables are resolved.</summary>
internal sealed class HostDeclaration(string name, Position position)
{
    public string Name { get; } = name;
    public Position Position { get; } = position;
    public string? Address { get; set; }
    public int? Port { get; set; }
    public string? User { get; set; }
    public List<NameRef> Groups { get; } = [];
    public JsonObject Vars { get; } = [];
}
