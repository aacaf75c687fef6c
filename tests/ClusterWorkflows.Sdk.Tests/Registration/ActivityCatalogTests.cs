using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Sdk.Tests.TestActivities;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Sdk.Tests.Registration;

public sealed class ActivityCatalogTests
{
    private static ActivityCatalog Catalog(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        using var provider = services.BuildServiceProvider();
        return new ActivityCatalog(provider.GetServices<ActivityRegistration>());
    }

    // Registered out of order on purpose: the catalog orders versions itself.
    private static readonly ActivityCatalog Versioned = Catalog(s => s
        .AddActivity<VersionedV2>()
        .AddActivity<VersionedV10>()
        .AddActivity<EchoActivity>()
        .AddActivity<VersionedV1>());

    [Theory]
    [InlineData(1, typeof(VersionedV1))]
    [InlineData(2, typeof(VersionedV2))]
    [InlineData(10, typeof(VersionedV10))]
    public void Find_TypeAndVersion_ReturnsThatVersion(int version, Type expected)
    {
        var registration = Versioned.Find("test.versioned", version);

        Assert.NotNull(registration);
        Assert.Equal(expected, registration.ActivityType);
        Assert.Equal(version, registration.Descriptor.Version);
    }

    [Fact]
    public void Find_NoVersion_ReturnsNewest()
    {
        Assert.Equal(typeof(VersionedV10), Versioned.Find("test.versioned", null)!.ActivityType);
    }

    [Fact]
    public void Find_UnknownVersion_ReturnsNull()
    {
        Assert.Null(Versioned.Find("test.versioned", 3));
        Assert.Null(Versioned.Find("test.versioned", 0));
    }

    [Theory]
    [InlineData("test.nope")]
    [InlineData("Test.Versioned")]
    [InlineData("")]
    public void Find_UnknownType_ReturnsNull(string typeId)
    {
        Assert.Null(Versioned.Find(typeId, null));
        Assert.Null(Versioned.Find(typeId, 1));
        Assert.False(Versioned.HasType(typeId));
    }

    [Fact]
    public void Versions_KnownType_ListsAscending()
    {
        Assert.Equal([1, 2, 10], Versioned.Versions("test.versioned"));
        Assert.Equal([1], Versioned.Versions("test.echo"));
    }

    [Fact]
    public void Versions_UnknownType_IsEmpty()
    {
        Assert.Empty(Versioned.Versions("test.nope"));
    }

    [Fact]
    public void HasType_RegisteredType_IsTrue()
    {
        Assert.True(Versioned.HasType("test.versioned"));
        Assert.True(Versioned.HasType("test.echo"));
    }

    [Fact]
    public void Descriptors_AreOrderedByTypeThenVersion()
    {
        Assert.Equal(
            ["test.echo@1", "test.versioned@1", "test.versioned@2", "test.versioned@10"],
            Versioned.Descriptors.Select(d => d.Reference));
    }

    [Fact]
    public void Constructor_SameActivityTwice_IsRefused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Catalog(s => s.AddActivity<VersionedV1>().AddActivity<VersionedV1>()));

        Assert.Equal("Activity test.versioned@1 is registered twice.", ex.Message);
    }

    [Fact]
    public void Constructor_TwoClassesSameIdentity_IsRefused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Catalog(s => s.AddActivity<VersionedV2>().AddActivity<VersionedV2Again>()));

        Assert.Contains("test.versioned@2", ex.Message);
    }

    [Fact]
    public void Constructor_TypeIdsDifferingInCase_AreDistinct()
    {
        var catalog = Catalog(s => s.AddActivity<VersionedV1>().AddActivity<VersionedOtherCase>());

        Assert.Equal(typeof(VersionedV1), catalog.Find("test.versioned", 1)!.ActivityType);
        Assert.Equal(typeof(VersionedOtherCase), catalog.Find("Test.Versioned", 1)!.ActivityType);
    }

    [Fact]
    public void Constructor_Empty_KnowsNothing()
    {
        var catalog = new ActivityCatalog([]);

        Assert.Empty(catalog.Descriptors);
        Assert.Null(catalog.Find("test.echo", null));
    }
}
