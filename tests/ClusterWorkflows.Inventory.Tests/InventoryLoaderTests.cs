using System.Text.Json.Nodes;

namespace ClusterWorkflows.Inventory.Tests;

public sealed class InventoryLoaderTests
{
    [Fact]
    public void Parse_Example_ReadsHostsFieldsAndDefaults()
    {
        var inventory = TestInventories.Parse(TestInventories.Example);

        Assert.Equal(["node1", "node2"], inventory.Hosts.Keys);
        var node1 = inventory.Hosts["node1"];
        Assert.Equal("10.77.0.11", node1.Address);
        Assert.Equal(22, node1.Port);
        Assert.Equal("admin", node1.User);
        var node2 = inventory.Hosts["node2"];
        Assert.Equal("10.77.0.12", node2.Address);
        Assert.Equal(22, node2.Port);
        Assert.Equal("admin", node2.User); // from vars.ssh_user
        Assert.Equal(["db", "workers"], node2.Groups);
    }

    [Fact]
    public void Parse_Example_ExpandsChildrenIntoHostGroupsAndGroupMembers()
    {
        var inventory = TestInventories.Parse(TestInventories.Example);

        // node1 is in advertiser (listed by the group), which is a child of managers.
        Assert.Equal(["advertiser", "app", "etcd", "managers"], inventory.Hosts["node1"].Groups);
        Assert.Equal(["advertiser", "all", "app", "db", "etcd", "managers", "workers"], inventory.Groups.Keys);
        Assert.Equal(["node1"], inventory.Groups["managers"].Hosts);
        Assert.Equal(["advertiser"], inventory.Groups["managers"].Children);
        Assert.Equal(["node2"], inventory.Groups["workers"].Hosts);
        Assert.Equal(["node1", "node2"], inventory.Groups["all"].Hosts);
        Assert.Equal("manager", TestInventories.Str(inventory.Groups["managers"].Vars["role"]));
    }

    [Fact]
    public void Parse_Example_ReadsVariablesWithTypesAndSecretReferences()
    {
        var inventory = TestInventories.Parse(TestInventories.Example);

        Assert.Equal("20.10", TestInventories.Str(inventory.Vars["docker_version"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"secret":"lab_ssh_key"}"""), inventory.Vars["ssh_key"]));
        var vars = inventory.Hosts["node1"].Vars;
        Assert.Equal("app", TestInventories.Str(vars["node_type"]));
        Assert.Equal("app", TestInventories.Str(vars["swarm_labels"]!["tier"]));
        Assert.Equal("manager", TestInventories.Str(vars["role"]));
        Assert.Equal("20.10", TestInventories.Str(vars["docker_version"]));
        Assert.False(inventory.Hosts["node2"].Vars.ContainsKey("role"));
    }

    [Fact]
    public void Parse_Example_ReadsSshSettings()
    {
        var inventory = TestInventories.Parse(TestInventories.Example);

        Assert.Equal("known_hosts", inventory.KnownHostsPath);
        Assert.False(inventory.TrustOnFirstUse);
        Assert.Equal("inventory.yaml", inventory.SourcePath);
    }

    [Fact]
    public void Parse_AbsoluteFileName_ResolvesKnownHostsNextToIt()
    {
        var file = Path.Combine(Path.GetTempPath(), "cw-inv", "inventory.yaml");
        var inventory = TestInventories.Parse("knownHosts: ssh/known_hosts\ntrustOnFirstUse: true\n", file);

        Assert.Equal(Path.Combine(Path.GetTempPath(), "cw-inv", "ssh", "known_hosts"), inventory.KnownHostsPath);
        Assert.True(inventory.TrustOnFirstUse);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~")]
    [InlineData("hosts:\ngroups:\nvars:\n")]
    public void Parse_EmptyInventory_HasOnlyTheAllGroup(string yaml)
    {
        var inventory = TestInventories.Parse(yaml);

        Assert.Empty(inventory.Hosts);
        Assert.Equal(["all"], inventory.Groups.Keys);
        Assert.Empty(inventory.Vars);
        Assert.Null(inventory.KnownHostsPath);
        Assert.False(inventory.TrustOnFirstUse);
    }

    [Fact]
    public void Empty_HasNoHostsAndAnAllGroup()
    {
        Assert.Empty(HostInventory.Empty.Hosts);
        Assert.Empty(HostInventory.Empty.Groups["all"].Hosts);
        Assert.Empty(HostInventory.Empty.Select("all"));
        Assert.Empty(HostInventory.Empty.SecretReferences());
    }

    [Fact]
    public void Parse_ScalarTypes_FollowYaml12CoreSchema()
    {
        var inventory = TestInventories.Parse("""
            vars:
              an_int: 42
              negative: -7
              hex: 0x1F
              a_float: 1.5
              a_bool: true
              capital_bool: False
              nothing: null
              tilde: ~
              quoted_int: "42"
              single_quoted: 'true'
              yes_word: yes
              country: NO
              forced: !!str 3
              version: 20.10
              list: [1, two, { three: 3 }]
              multi: |
                line one
                line two
              after: 1
            """);

        var vars = inventory.Vars;
        Assert.Equal(42L, vars["an_int"]!.GetValue<long>());
        Assert.Equal(-7L, vars["negative"]!.GetValue<long>());
        Assert.Equal(31L, vars["hex"]!.GetValue<long>());
        Assert.Equal(1.5, vars["a_float"]!.GetValue<double>());
        Assert.True(vars["a_bool"]!.GetValue<bool>());
        Assert.False(vars["capital_bool"]!.GetValue<bool>());
        Assert.True(vars.ContainsKey("nothing"));
        Assert.Null(vars["nothing"]);
        Assert.Null(vars["tilde"]);
        Assert.Equal("42", TestInventories.Str(vars["quoted_int"]));
        Assert.Equal("true", TestInventories.Str(vars["single_quoted"]));
        Assert.Equal("yes", TestInventories.Str(vars["yes_word"]));
        Assert.Equal("NO", TestInventories.Str(vars["country"]));
        Assert.Equal("3", TestInventories.Str(vars["forced"]));
        Assert.Equal(20.1, vars["version"]!.GetValue<double>());
        Assert.Equal("""[1,"two",{"three":3}]""", vars["list"]!.ToJsonString());
        Assert.Equal("line one\nline two\n", TestInventories.Str(vars["multi"]));
    }

    [Fact]
    public void Parse_AnchorsAndAliases_ShareValues()
    {
        var inventory = TestInventories.Parse("""
            vars:
              labels: &labels { tier: app, zone: a }
            hosts:
              node1: { address: node1.lab, vars: { swarm_labels: *labels } }
            """);

        Assert.Equal("a", TestInventories.Str(inventory.Hosts["node1"].Vars["swarm_labels"]!["zone"]));
    }

    [Fact]
    public void Parse_HostGroupNotDeclared_CreatesTheGroupImplicitly()
    {
        var inventory = TestInventories.Parse("hosts:\n  n1: { address: 10.0.0.1, groups: [db] }\n");

        var db = inventory.Groups["db"];
        Assert.Equal(["n1"], db.Hosts);
        Assert.Empty(db.Vars);
        Assert.Empty(db.Children);
    }

    [Fact]
    public void Parse_AddressForms_AcceptsIpv4Ipv6AndDnsNames()
    {
        var inventory = TestInventories.Parse("""
            hosts:
              a: { address: 10.77.0.11 }
              b: { address: "fd00::11", port: 2222, user: root }
              c: { address: node3.lab.example.com }
            """);

        Assert.Equal("fd00::11", inventory.Hosts["b"].Address);
        Assert.Equal(2222, inventory.Hosts["b"].Port);
        Assert.Equal("root", inventory.Hosts["b"].User);
        Assert.Null(inventory.Hosts["a"].User);
        Assert.Equal("node3.lab.example.com", inventory.Hosts["c"].Address);
    }

    [Fact]
    public void LoadFile_RelativeKnownHosts_ResolvesAgainstTheFileDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("cw-inventory-");
        try
        {
            var path = Path.Combine(directory.FullName, "inventory.yaml");
            File.WriteAllText(path, "hosts:\n  n1: { address: 10.0.0.1 }\nknownHosts: known_hosts\n");

            var result = InventoryLoader.LoadFile(path);

            Assert.Empty(result.Errors);
            Assert.True(result.Succeeded);
            Assert.Equal(Path.Combine(directory.FullName, "known_hosts"), result.Inventory!.KnownHostsPath);
            Assert.Equal(path, result.Inventory.SourcePath);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadFile_ErrorsNameTheGivenPath()
    {
        var directory = Directory.CreateTempSubdirectory("cw-inventory-");
        try
        {
            var path = Path.Combine(directory.FullName, "bad.yaml");
            File.WriteAllText(path, "hosts:\n  n1: { port: 22 }\n");

            var error = Assert.Single(InventoryLoader.LoadFile(path).Errors);

            Assert.Equal(path, error.File);
            Assert.Equal(2, error.Line);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadFile_MissingFile_ReturnsAnErrorInsteadOfThrowing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cw-missing-{Guid.NewGuid():N}.yaml");

        var result = InventoryLoader.LoadFile(path);

        Assert.Null(result.Inventory);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", error.ToString(), StringComparison.Ordinal);
    }
}
