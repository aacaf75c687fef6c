using ClusterWorkflows.Activities.Docker.Services;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Tests;

public sealed class ServiceSpecsTests
{
    private static readonly Dictionary<string, string> NoNetworks = [];

    private static EnsureServiceInput Input() => new()
    {
        Name = "web",
        Image = "busybox:latest",
        Mode = "replicated",
        Replicas = 2,
        Env = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" },
        Constraints = ["node.labels.type==app"],
        EndpointMode = "dnsrr",
        Ports = [new ServicePort { Target = 80, Published = 8080, Mode = "host" }],
        Command = ["sleep", "3600"],
    };

    [Fact]
    public void Apply_SpecBuiltFromSameInput_ReportsNoChange()
    {
        var spec = ServiceSpecs.New(Input(), NoNetworks);

        Assert.Empty(ServiceSpecs.Apply(Input(), spec, NoNetworks));
    }

    [Fact]
    public void Apply_ImagePinnedByDigest_CountsAsSameTag()
    {
        var spec = ServiceSpecs.New(Input(), NoNetworks);
        spec.TaskTemplate.ContainerSpec.Image = "busybox:latest@sha256:" + new string('a', 64);

        Assert.Empty(ServiceSpecs.Apply(Input(), spec, NoNetworks));
    }

    [Fact]
    public void Apply_ReplicasAndEnvDiffer_ListsBothAndUpdatesSpec()
    {
        var spec = ServiceSpecs.New(Input(), NoNetworks);
        var wanted = Input() with { Replicas = 3, Env = new Dictionary<string, string> { ["A"] = "9" } };

        var changes = ServiceSpecs.Apply(wanted, spec, NoNetworks);

        Assert.Equal(["replicas 2 -> 3", "env"], changes);
        Assert.Equal(3UL, spec.Mode.Replicated.Replicas);
        Assert.Equal(["A=9"], spec.TaskTemplate.ContainerSpec.Env);
    }

    [Fact]
    public void Apply_FieldNotGiven_LeavesExistingValue()
    {
        var spec = ServiceSpecs.New(Input(), NoNetworks);
        var partial = Input() with { Env = null, Constraints = null, Ports = null, Command = null };

        Assert.Empty(ServiceSpecs.Apply(partial, spec, NoNetworks));
        Assert.Equal(["A=1", "B=2"], spec.TaskTemplate.ContainerSpec.Env);
    }

    [Fact]
    public void Apply_NetworkNames_ComparedByResolvedId()
    {
        var ids = new Dictionary<string, string> { ["backend"] = "n123" };
        var spec = ServiceSpecs.New(Input() with { Networks = ["backend"] }, ids);

        Assert.Equal("n123", spec.TaskTemplate.Networks.Single().Target);
        Assert.Empty(ServiceSpecs.Apply(Input() with { Networks = ["backend"] }, spec, ids));
    }

    [Theory]
    [InlineData("node.labels.type==db", true)]
    [InlineData("node.labels.type!=db", false)]
    [InlineData("node.role==manager", false)]
    [InlineData("node.hostname==node2", true)]
    [InlineData("node.labels.missing==x", false)]
    public void ConstraintMatches_NodeFields_Evaluated(string constraint, bool expected)
    {
        var node = new NodeListResponse
        {
            ID = "n2",
            Description = new NodeDescription { Hostname = "node2" },
            Spec = new NodeUpdateParameters { Role = "worker", Labels = new Dictionary<string, string> { ["type"] = "db" } },
        };

        Assert.Equal(expected, Constraint.Matches(constraint, node));
    }
}
