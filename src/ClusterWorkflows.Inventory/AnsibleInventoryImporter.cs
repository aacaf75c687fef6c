using System.Text.Json.Nodes;
using ClusterWorkflows.Inventory.Ansible;
using ClusterWorkflows.Inventory.Model;
using ClusterWorkflows.Inventory.Resolution;
using ClusterWorkflows.Inventory.Yaml;

namespace ClusterWorkflows.Inventory;

/// <summary>Imports an Ansible INI hosts file (<c>cw inventory import hosts.ini &gt; inventory.yaml</c>).</summary>
public static class AnsibleInventoryImporter
{
    /// <summary>Never throws on bad content; credentials become secret references, each with a warning.</summary>
    public static AnsibleImportResult Import(string iniText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(iniText);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new ErrorList(fileName);
        var ini = AnsibleIniReader.Read(iniText, errors);
        var converter = new AnsibleConverter(errors);
        var document = converter.Convert(ini);
        var warnings = converter.Warnings;
        var source = new InventorySource(fileName, null);
        if (errors.Count == 0)
        {
            ApplyInheritedPorts(document, source);
        }

        var inventory = InventoryResolver.Resolve(document, source, errors);
        return errors.Count == 0
            ? new AnsibleImportResult(inventory, [], warnings)
            : new AnsibleImportResult(null, errors.Sorted(), warnings);
    }

    /// <summary>Writes the inventory YAML format: what was declared (not the merged view), in a stable order.</summary>
    public static string ToYaml(HostInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return InventoryYamlWriter.Write(inventory.Document);
    }

    /// <summary>
    /// Our format has no group-level port, so an ansible_port set on a group or [all:vars] is
    /// resolved with Ansible precedence and written on each host that has no port of its own.
    /// </summary>
    private static void ApplyInheritedPorts(InventoryDocument document, InventorySource source)
    {
        var scopes = document.Groups.Select(g => g.Vars).Append(document.Vars).ToList();
        if (!scopes.Any(s => s.ContainsKey(AnsibleConverter.PortVariable)))
        {
            return;
        }

        var resolved = InventoryResolver.Resolve(document, source, new ErrorList(""));
        foreach (var host in document.Hosts.Where(h => h.Port is null))
        {
            if (resolved?.Hosts[host.Name].Vars[AnsibleConverter.PortVariable] is JsonValue value
                && value.TryGetValue<int>(out var port) && port != InventoryResolver.DefaultPort)
            {
                host.Port = port;
            }
        }

        foreach (var scope in scopes)
        {
            scope.Remove(AnsibleConverter.PortVariable);
        }
    }
}
