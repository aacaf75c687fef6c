namespace ClusterWorkflows.Lab.Tests;

public sealed class LabLayoutTests
{
    [Theory]
    [InlineData("Lab")]
    [InlineData("1lab")]
    [InlineData("toolongname")]
    [InlineData("la-b")]
    [InlineData("")]
    public void Create_InvalidName_ThrowsNamingTheOption(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => LabLayout.Create(name, LabLayout.DefaultSubnet, "/tmp/x"));
        Assert.Contains("--name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.77.0.0/16")]
    [InlineData("10.77.0.1/24")]
    [InlineData("10.300.0.0/24")]
    [InlineData("fd00::/64")]
    public void ParseSubnet_NotAnIpv4Slash24_Throws(string subnet)
    {
        var ex = Assert.Throws<ArgumentException>(() => LabLayout.ParseSubnet(subnet));
        Assert.Contains("--subnet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DefaultSubnet_DerivesAddressesAndShortInterfaceNames()
    {
        var layout = LabLayout.Create("lab12345", LabLayout.DefaultSubnet, "/tmp/labdir");

        Assert.Equal("10.77.0.1", layout.RunnerIp);
        Assert.Equal("10.77.0.11", layout.HostIp(1));
        Assert.Equal("10.77.0.18", layout.HostIp(LabLayout.MaxHosts));
        Assert.True(layout.SwitchPort(LabLayout.MaxHosts).Length <= 15);
        Assert.True(layout.RunnerPeer.Length <= 15);
        Assert.True(layout.Socket.Length < 100);
        Assert.Equal("/tmp/labdir/inventory.yaml", layout.InventoryFile);
    }

    [Fact]
    public void Create_NoDir_DefaultsToDotLabUnderCurrentDirectory()
    {
        var layout = LabLayout.Create("abc", LabLayout.DefaultSubnet, null);

        Assert.Equal(Path.Combine(Environment.CurrentDirectory, ".lab", "abc"), layout.LabDir);
    }

    [Fact]
    public void MacFor_SameIp_SameLocallyAdministeredMac()
    {
        var mac = LabLayout.MacFor("10.77.0.12");

        Assert.Equal("02:00:0a:4d:00:0c", mac);
        Assert.Equal(mac, LabLayout.MacFor("10.77.0.12"));
        Assert.NotEqual(mac, LabLayout.MacFor("10.77.0.13"));
    }
}
