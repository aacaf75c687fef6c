namespace ClusterWorkflows.Inventory.Tests;

public sealed class ReadForRunTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("cw-inventory-");

    [Fact]
    public void ReadForRun_RelativeKnownHosts_SnapshotPinsTheAbsolutePath()
    {
        var path = Write("# hosts of the lab\nhosts:\n  n1: { address: 10.0.0.1 }\nknownHosts: keys/known_hosts\n");

        var (yaml, errors) = InventoryLoader.ReadForRun(path);

        Assert.Empty(errors);
        var again = InventoryLoader.Parse(yaml!, "snapshot");
        Assert.Equal(Path.Combine(dir.FullName, "keys", "known_hosts"), again.Inventory!.KnownHostsPath);
        Assert.Equal(again.Inventory.KnownHostsPath, again.Inventory.ToJson()["knownHosts"]!.GetValue<string>());
    }

    [Fact]
    public void ReadForRun_AbsoluteKnownHosts_KeepsTheTextAsWritten()
    {
        var text = "# hosts of the lab\nhosts:\n  n1: { address: 10.0.0.1 }\nknownHosts: /etc/ssh/ssh_known_hosts\ntrustOnFirstUse: true\n";

        var (yaml, errors) = InventoryLoader.ReadForRun(Write(text));

        Assert.Empty(errors);
        Assert.Equal(text, yaml);
        Assert.True(InventoryLoader.Parse(yaml!, "snapshot").Inventory!.ToJson()["trustOnFirstUse"]!.GetValue<bool>());
    }

    [Fact]
    public void ReadForRun_InvalidInventory_ReturnsErrorsAndNoText()
    {
        var (yaml, errors) = InventoryLoader.ReadForRun(Write("hosts:\n  n1: { port: 22 }\n"));

        Assert.Null(yaml);
        Assert.Contains(errors, e => e.ToString().Contains("address", StringComparison.Ordinal));
    }

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(dir.FullName, "inventory.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
