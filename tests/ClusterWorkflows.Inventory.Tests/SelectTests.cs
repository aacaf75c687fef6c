namespace ClusterWorkflows.Inventory.Tests;

public sealed class SelectTests
{
    private const string Cluster = """
        hosts:
          node1: { address: 10.0.0.1, groups: [advertiser, app, etcd] }
          node2: { address: 10.0.0.2, groups: [managers, app, etcd] }
          node3: { address: 10.0.0.3, groups: [managers, app, etcd] }
          node4: { address: 10.0.0.4, groups: [workers, db] }
          node5: { address: 10.0.0.5, groups: [workers, db] }
          web10: { address: 10.0.0.10, groups: [workers, front] }
        groups:
          managers: { children: [advertiser] }
          advertiser: {}
        """;

    [Theory]
    [InlineData("all", "node1,node2,node3,node4,node5,web10")]
    [InlineData("*", "node1,node2,node3,node4,node5,web10")]
    [InlineData("managers", "node1,node2,node3")]
    [InlineData("node4", "node4")]
    [InlineData("advertiser:db", "node1,node4,node5")]
    [InlineData("advertiser,db", "node1,node4,node5")]
    [InlineData("app:&managers", "node1,node2,node3")]
    [InlineData("workers:&db", "node4,node5")]
    [InlineData("all:!db", "node1,node2,node3,web10")]
    [InlineData("!db", "node1,node2,node3,web10")]
    [InlineData("workers:!db:&front", "web10")]
    [InlineData("!front:workers", "node4,node5")]
    [InlineData("node*", "node1,node2,node3,node4,node5")]
    [InlineData("node?", "node1,node2,node3,node4,node5")]
    [InlineData("web*:node1", "node1,web10")]
    [InlineData("man*", "node1,node2,node3")]
    [InlineData("~node[12]", "node1,node2")]
    [InlineData("~(web|db)", "node4,node5,web10")]
    [InlineData(" managers : !advertiser ", "node2,node3")]
    [InlineData("unknown", "")]
    [InlineData("unknown:node5", "node5")]
    [InlineData("", "")]
    [InlineData("~[", "")]
    public void Select_Pattern_ReturnsMatchingHostsInDeclarationOrder(string pattern, string expected)
    {
        var inventory = TestInventories.Parse(Cluster);

        var names = inventory.Select(pattern).Select(h => h.Name);

        Assert.Equal(expected, string.Join(",", names));
    }

    [Fact]
    public void Select_ReturnsResolvedHosts()
    {
        var inventory = TestInventories.Parse(Cluster);

        var host = Assert.Single(inventory.Select("node4"));

        Assert.Same(inventory.Hosts["node4"], host);
    }
}
