using System.Text.Json.Nodes;
using ClusterWorkflows.Inventory.Model;

namespace ClusterWorkflows.Inventory.Ansible;

/// <summary>A variable read from the INI file, with where it was written (for warnings and errors).</summary>
internal sealed record IniVariable(JsonNode? Value, Position Position);

internal sealed class IniHost(string name, Position position)
{
    public string Name { get; } = name;
    public Position Position { get; } = position;
    public List<NameRef> Groups { get; } = [];
    public OrderedDictionary<string, IniVariable> Vars { get; } = new(StringComparer.Ordinal);

    /// <summary>From the <c>host:port</c> form.</summary>
    public int? PortFromName { get; set; }
}

internal sealed class IniGroup(string name, Position position)
{
    public string Name { get; } = name;
    public Position Position { get; } = position;
    public OrderedDictionary<string, IniVariable> Vars { get; } = new(StringComparer.Ordinal);
    public List<NameRef> Children { get; } = [];
}

/// <summary>An Ansible INI hosts file as read, before ansible_* variables are mapped.</summary>
internal sealed class IniInventory
{
    public OrderedDictionary<string, IniVariable> Vars { get; } = new(StringComparer.Ordinal);
    public OrderedDictionary<string, IniHost> Hosts { get; } = new(StringComparer.Ordinal);
    public OrderedDictionary<string, IniGroup> Groups { get; } = new(StringComparer.Ordinal);
}
