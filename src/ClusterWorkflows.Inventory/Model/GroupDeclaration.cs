using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Model;

/// <summary>A group as written, before membership is resolved.</summary>
internal sealed class GroupDeclaration(string name, Position position)
{
    public string Name { get; } = name;
    public Position Position { get; } = position;
    public JsonObject Vars { get; } = [];
    public List<NameRef> Children { get; } = [];
    public List<NameRef> Hosts { get; } = [];
}
