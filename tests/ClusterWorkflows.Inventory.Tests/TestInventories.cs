using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Tests;

/// <summary>Shared inputs and helpers.</summary>
internal static class TestInventories
{
    /// <summary>The example from the inventory format description.</summary>
    public const string Example = """
        # inventory.yaml
        vars:
          docker_version: "20.10"
          ssh_user: admin
          ssh_key: { secret: lab_ssh_key }
        hosts:
          node1:
            address: 10.77.0.11
            port: 22
            user: admin
            groups: [managers, etcd, app]
            vars: { node_type: app, swarm_labels: { tier: app } }
          node2: { address: 10.77.0.12, groups: [workers, db] }
        groups:
          managers:
            vars: { role: manager }
            children: [advertiser]
          advertiser:
            hosts: [node1]
          workers: {}
        knownHosts: known_hosts
        trustOnFirstUse: false
        """;

    public static HostInventory Parse(string yaml, string fileName = "inventory.yaml")
    {
        var result = InventoryLoader.Parse(yaml, fileName);
        Assert.True(result.Errors.Count == 0, "unexpected errors:\n" + string.Join("\n", result.Errors));
        Assert.NotNull(result.Inventory);
        return result.Inventory;
    }

    public static IReadOnlyList<InventoryError> Errors(string yaml, string fileName = "inventory.yaml")
    {
        var result = InventoryLoader.Parse(yaml, fileName);
        Assert.Null(result.Inventory);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    public static HostInventory Import(string ini, string fileName = "hosts.ini")
    {
        var result = AnsibleInventoryImporter.Import(ini, fileName);
        Assert.True(result.Errors.Count == 0, "unexpected errors:\n" + string.Join("\n", result.Errors));
        Assert.NotNull(result.Inventory);
        return result.Inventory;
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Everything observable about an inventory, for equality checks.</summary>
    public static JsonObject Canonical(HostInventory inventory)
    {
        var groups = new JsonObject();
        foreach (var group in inventory.Groups.Values)
        {
            groups[group.Name] = new JsonObject
            {
                ["hosts"] = new JsonArray(group.Hosts.Select(h => (JsonNode?)h).ToArray()),
                ["children"] = new JsonArray(group.Children.Select(c => (JsonNode?)c).ToArray()),
                ["vars"] = group.Vars.DeepClone(),
            };
        }

        return new JsonObject
        {
            ["view"] = inventory.ToJson(),
            ["groups"] = groups,
            ["knownHosts"] = inventory.KnownHostsPath,
            ["trustOnFirstUse"] = inventory.TrustOnFirstUse,
        };
    }

    public static string Str(JsonNode? node) => node!.GetValue<string>();
}
