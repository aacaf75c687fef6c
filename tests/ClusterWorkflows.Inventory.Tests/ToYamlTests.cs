using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Tests;

public sealed class ToYamlTests
{
    [Fact]
    public void ToYaml_Example_RoundTripsThroughTheLoader()
    {
        var original = TestInventories.Parse(TestInventories.Example);

        var yaml = AnsibleInventoryImporter.ToYaml(original);
        var parsed = TestInventories.Parse(yaml);

        Assert.Equal(TestInventories.Canonical(original).ToJsonString(), TestInventories.Canonical(parsed).ToJsonString());
        Assert.Equal(yaml, AnsibleInventoryImporter.ToYaml(parsed));
    }

    [Fact]
    public void ToYaml_Example_WritesDeclarationsNotTheMergedView()
    {
        var yaml = AnsibleInventoryImporter.ToYaml(TestInventories.Parse(TestInventories.Example));

        Assert.Equal(
            """
            vars:
              docker_version: "20.10"
              ssh_user: admin
              ssh_key: {secret: lab_ssh_key}
            hosts:
              node1:
                address: 10.77.0.11
                port: 22
                user: admin
                groups: [managers, etcd, app]
                vars:
                  node_type: app
                  swarm_labels:
                    tier: app
              node2:
                address: 10.77.0.12
                groups: [workers, db]
            groups:
              managers:
                vars:
                  role: manager
                children: [advertiser]
              advertiser:
                hosts: [node1]
              workers: {}
            knownHosts: known_hosts
            trustOnFirstUse: false

            """.ReplaceLineEndings("\n"),
            yaml);
    }

    [Fact]
    public void ToYaml_ImportedInventory_WritesHostsWithTheirGroupsAndAllGroups()
    {
        var inventory = TestInventories.Import("ungrouped1\n[web]\nw[1:2] ansible_host=10.0.0.1\n[site:children]\nweb\n[site:vars]\nenv=prod\n");

        var yaml = AnsibleInventoryImporter.ToYaml(inventory);

        Assert.Equal(
            """
            hosts:
              ungrouped1:
                address: ungrouped1
              w1:
                address: 10.0.0.1
                groups: [web]
              w2:
                address: 10.0.0.1
                groups: [web]
            groups:
              web: {}
              site:
                vars:
                  env: prod
                children: [web]

            """.ReplaceLineEndings("\n"),
            yaml);
    }

    [Fact]
    public void ToYaml_AmbiguousStrings_AreQuotedSoTheyKeepTheirType()
    {
        var inventory = TestInventories.Parse("""
            vars:
              version: "20.10"
              flag_text: "true"
              empty: ""
              yes_text: "yes"
              null_text: "null"
              number_text: "123"
              colon: "a: b"
              hash: "# not a comment"
              leading_space: " x"
              multi: "line1\nline2"
              unicode: "héllo ☃"
              real: 1.5
              whole: 3
              truth: true
              nothing: null
              nested: { list: [1, "2", [3]], empty_map: {}, empty_list: [] }
            """);

        var yaml = AnsibleInventoryImporter.ToYaml(inventory);
        var parsed = TestInventories.Parse(yaml);

        Assert.True(JsonNode.DeepEquals(inventory.Vars, parsed.Vars), yaml);
        Assert.Contains("version: \"20.10\"", yaml, StringComparison.Ordinal);
        Assert.Contains("empty: \"\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_Empty_ParsesBackToAnEmptyInventory()
    {
        var yaml = AnsibleInventoryImporter.ToYaml(HostInventory.Empty);

        var parsed = TestInventories.Parse(yaml);

        Assert.Empty(parsed.Hosts);
        Assert.Equal(["all"], parsed.Groups.Keys);
    }
}
