namespace ClusterWorkflows.Inventory.Tests;

/// <summary>The original cluster's Ansible hosts file (Fixtures/hosts.ini).</summary>
public sealed class ClusterFixtureTests
{
    private static readonly string[] Plaintexts =
    [
        "Xk9#pR2vL7qW", "s3cr3t-sudo", "AKIAEXAMPLE7QX3V", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "gr@f ana pw",
    ];

    private static AnsibleImportResult ImportFixture() => AnsibleInventoryImporter.Import(TestInventories.Fixture("hosts.ini"), "hosts.ini");

    [Fact]
    public void Import_Fixture_HasTheSwarmTopology()
    {
        var inventory = ImportFixture().Inventory!;

        Assert.Equal(["node01", "node02", "node03", "node04", "node05", "node06"], inventory.Hosts.Keys);
        Assert.Equal(["node01"], inventory.Groups["swarm_advertiser"].Hosts);
        Assert.Equal(["node01", "node02", "node03"], inventory.Groups["swarm_managers"].Hosts);
        Assert.Equal(["node04", "node05", "node06"], inventory.Groups["swarm_workers"].Hosts);
        Assert.Equal(["swarm_managers", "swarm_workers"], inventory.Groups["swarm"].Children);
        Assert.Equal(6, inventory.Groups["swarm"].Hosts.Count);
        Assert.Equal(["node01", "node02", "node03"], inventory.Groups["etcd"].Hosts);
        Assert.Equal(["node01", "node02", "node03"], inventory.Groups["app"].Hosts);
        Assert.Equal(["node04", "node05"], inventory.Groups["db"].Hosts);
        Assert.Equal(["node06"], inventory.Groups["front"].Hosts);
        Assert.Equal(["app", "etcd", "swarm", "swarm_advertiser", "swarm_managers"], inventory.Hosts["node01"].Groups);
    }

    [Fact]
    public void Import_Fixture_MapsConnectionSettingsAndVariables()
    {
        var inventory = ImportFixture().Inventory!;

        Assert.All(inventory.Hosts.Values, h => Assert.Equal("admin", h.User));
        Assert.Equal(["10.77.0.11", "10.77.0.12", "10.77.0.13", "10.77.0.14", "10.77.0.15", "10.77.0.16"], inventory.Hosts.Values.Select(h => h.Address));
        Assert.Equal([22, 22, 2222, 22, 22, 22], inventory.Hosts.Values.Select(h => h.Port));
        Assert.Equal(["app", "app", "app", "db", "db", "front"], inventory.Hosts.Values.Select(h => TestInventories.Str(h.Vars["node_type"])));
        Assert.Equal("20.10", TestInventories.Str(inventory.Hosts["node05"].Vars["docker_version"]));
        Assert.Equal(2379L, inventory.Hosts["node02"].Vars["etcd_client_port"]!.GetValue<long>());
        Assert.True(inventory.Hosts["node04"].Vars["pxc_bootstrap"]!.GetValue<bool>());
        Assert.Equal("203.0.113.16", TestInventories.Str(inventory.Hosts["node06"].Vars["public_ip"]));
        Assert.Equal("On", TestInventories.Str(inventory.Hosts["node06"].Vars["modsecurity_engine"]));
        Assert.Equal(["node01", "node02", "node03"], inventory.Select("swarm_managers:&etcd").Select(h => h.Name));
        Assert.Equal(["node04", "node05"], inventory.Select("swarm_workers:!front").Select(h => h.Name));
    }

    [Fact]
    public void Import_Fixture_TurnsCredentialsIntoSecretReferencesWithWarnings()
    {
        var result = ImportFixture();

        Assert.Empty(result.Errors);
        Assert.Equal(
            ["all_ansible_become_password", "all_grafana_admin_password", "all_s3_access_key", "all_s3_secret_key", "db_mysql_root_password"],
            result.Inventory!.SecretReferences().Select(r => r.Name));
        Assert.Equal(5, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.Contains("cw secret set ", w, StringComparison.Ordinal));
        Assert.StartsWith("hosts.ini:41: 'mysql_root_password' of group 'db'", result.Warnings[0], StringComparison.Ordinal);
        Assert.Equal([41, 56, 61, 62, 63], result.Warnings.Select(w => int.Parse(w.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
        var text = string.Join("\n", result.Warnings);
        Assert.All(Plaintexts, p => Assert.DoesNotContain(p, text, StringComparison.Ordinal));
    }

    [Fact]
    public void ToYaml_Fixture_ContainsNoSecretPlaintext()
    {
        var yaml = AnsibleInventoryImporter.ToYaml(ImportFixture().Inventory!);

        Assert.All(Plaintexts, p => Assert.DoesNotContain(p, yaml, StringComparison.Ordinal));
        Assert.Contains("db_mysql_root_password", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_Fixture_ParsesBackToAnEqualInventory()
    {
        var imported = ImportFixture().Inventory!;

        var yaml = AnsibleInventoryImporter.ToYaml(imported);
        var parsed = TestInventories.Parse(yaml, "inventory.yaml");

        Assert.Equal(TestInventories.Canonical(imported).ToJsonString(), TestInventories.Canonical(parsed).ToJsonString());
        Assert.Equal(yaml, AnsibleInventoryImporter.ToYaml(parsed));
    }
}
