using System.Text;

namespace ClusterWorkflows.Inventory.Tests;

/// <summary>Inventories built to crash or exhaust the loader: each is refused with an error that says why.</summary>
public sealed class HostileInventoryTests
{
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Parse_NestedThirtyThousandLevels_RefusedWithPosition(string open, string close)
    {
        var yaml = "vars:\n  deep: " + string.Concat(Enumerable.Repeat(open, 30_000)) + "x" + string.Concat(Enumerable.Repeat(close, 30_000)) + "\n";

        var result = InventoryLoader.Parse(yaml, "inventory.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Contains($"nested deeper than {InventoryLimits.MaxNestingDepth} levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Null(result.Inventory);
    }

    [Fact]
    public void Parse_ManyAliases_Refused()
    {
        var yaml = new StringBuilder("vars:\n  a: &a 1\n  list:\n");
        for (var i = 0; i <= InventoryLimits.MaxAliases; i++)
        {
            yaml.Append("    - *a\n");
        }

        var result = InventoryLoader.Parse(yaml.ToString(), "inventory.yaml");

        Assert.Contains(result.Errors, e => e.Message.Contains("aliases", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AliasBomb_RefusedByTheValueBudget()
    {
        var yaml = new StringBuilder("vars:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append($"  l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n");
        }

        var result = InventoryLoader.Parse(yaml.ToString(), "inventory.yaml");

        Assert.Contains(result.Errors, e => e.Message.Contains("too large", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_ManyRangeLines_RefusedOnceOverTheTotal()
    {
        var ini = new StringBuilder("[web]\n");
        for (var i = 0; i < 20; i++)
        {
            ini.Append($"r{i}-[0000:9999] ansible_host=10.0.0.1\n");
        }

        var result = AnsibleInventoryImporter.Import(ini.ToString(), "hosts.ini");

        var error = Assert.Single(result.Errors, e => e.Message.Contains("expand to more than", StringComparison.Ordinal));
        Assert.Equal(12, error.Line);
    }
}
