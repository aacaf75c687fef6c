namespace ClusterWorkflows.Inventory.Tests;

public sealed class VariablePrecedenceTests
{
    private const string Layers = """
        vars: { level: global, only_global: g, ssh_user: global_user }
        hosts:
          h1: { address: 10.0.0.1, groups: [child], vars: { level: host } }
          h2: { address: 10.0.0.2, groups: [child] }
          h3: { address: 10.0.0.3, groups: [parent] }
          h4: { address: 10.0.0.4 }
        groups:
          parent: { vars: { level: parent, from_parent: p, ssh_user: parent_user }, children: [child] }
          child: { vars: { level: child } }
        """;

    [Theory]
    [InlineData("h1", "host")]
    [InlineData("h2", "child")]
    [InlineData("h3", "parent")]
    [InlineData("h4", "global")]
    public void Vars_EachLevel_OverridesTheOneBelow(string host, string expected)
    {
        var inventory = TestInventories.Parse(Layers);

        Assert.Equal(expected, TestInventories.Str(inventory.Hosts[host].Vars["level"]));
        Assert.Equal("g", TestInventories.Str(inventory.Hosts[host].Vars["only_global"]));
    }

    [Fact]
    public void Vars_ChildGroupMember_InheritsParentGroupVariables()
    {
        var inventory = TestInventories.Parse(Layers);

        Assert.Equal("p", TestInventories.Str(inventory.Hosts["h2"].Vars["from_parent"]));
        Assert.Equal(["child", "parent"], inventory.Hosts["h2"].Groups);
        Assert.False(inventory.Hosts["h4"].Vars.ContainsKey("from_parent"));
    }

    [Fact]
    public void Vars_GroupsAtTheSameDepth_ApplyInNameOrder()
    {
        var inventory = TestInventories.Parse("""
            hosts:
              h: { address: 10.0.0.1, groups: [zeta, alpha, mid] }
            groups:
              zeta: { vars: { x: zeta } }
              alpha: { vars: { x: alpha, y: alpha } }
              mid: { vars: { y: mid } }
            """);

        Assert.Equal("zeta", TestInventories.Str(inventory.Hosts["h"].Vars["x"]));
        Assert.Equal("mid", TestInventories.Str(inventory.Hosts["h"].Vars["y"]));
    }

    [Fact]
    public void Vars_DeeperGroup_WinsOverShallowerGroupRegardlessOfName()
    {
        // "aaa" is nested two levels deep, so it overrides "zzz" (depth 0) despite sorting first.
        var inventory = TestInventories.Parse("""
            hosts:
              h: { address: 10.0.0.1, groups: [aaa, zzz] }
            groups:
              top: { children: [middle] }
              middle: { children: [aaa] }
              aaa: { vars: { x: deep } }
              zzz: { vars: { x: shallow } }
            """);

        Assert.Equal("deep", TestInventories.Str(inventory.Hosts["h"].Vars["x"]));
    }

    [Fact]
    public void Vars_Mappings_AreReplacedWholeNotMerged()
    {
        var inventory = TestInventories.Parse("""
            vars: { labels: { tier: app, zone: a } }
            hosts:
              h: { address: 10.0.0.1, vars: { labels: { tier: db } } }
            """);

        Assert.Equal("""{"tier":"db"}""", inventory.Hosts["h"].Vars["labels"]!.ToJsonString());
    }

    [Fact]
    public void User_FallsBackToTheMergedSshUserVariable()
    {
        var inventory = TestInventories.Parse(Layers.Replace("h4: { address: 10.0.0.4 }", "h4: { address: 10.0.0.4, user: own }", StringComparison.Ordinal));

        Assert.Equal("own", inventory.Hosts["h4"].User);
        Assert.Equal("parent_user", inventory.Hosts["h3"].User);
        Assert.Equal("parent_user", inventory.Hosts["h2"].User);
    }

    [Fact]
    public void Vars_ResolvedHost_DoesNotShareObjectsWithGroupsOrGlobals()
    {
        var inventory = TestInventories.Parse(Layers);

        inventory.Hosts["h4"].Vars["level"] = "changed";

        Assert.Equal("global", TestInventories.Str(inventory.Vars["level"]));
        Assert.Equal("parent", TestInventories.Str(inventory.Hosts["h3"].Vars["level"]));
        Assert.Equal("global", TestInventories.Str(inventory.Groups["all"].Vars["level"]));
    }
}
