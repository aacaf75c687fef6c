using ClusterWorkflows.Activities.Etcd.Tests.Fixtures;
using ClusterWorkflows.Sdk;
using Xunit;

namespace ClusterWorkflows.Activities.Etcd.Tests;

public sealed class ListEtcdMembersTests(EtcdServerFixture etcd) : IClassFixture<EtcdServerFixture>
{
    [Fact]
    public async Task ListMembers_SingleMemberCluster_ReturnsThatMember()
    {
        await using var context = new EtcdTestContext(etcd);

        var result = await context.InvokeAsync("etcd.listMembers@1", etcd.Connection());

        Assert.False(result.Changed);
        var member = Assert.Single(result.Outputs["members"]!.AsArray())!;
        Assert.Equal(EtcdServerFixture.MemberName, member["name"]!.GetValue<string>());
        Assert.Equal([etcd.PeerUrl], member["peerUrls"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal([etcd.ClientUrl], member["clientUrls"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.False(member["isLearner"]!.GetValue<bool>());
        Assert.Matches("^[0-9a-f]{16}$", member["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListMembers_FirstEndpointDead_FallsBackToTheNext()
    {
        await using var context = new EtcdTestContext(etcd);
        var dead = $"https://127.0.0.1:{FreePort.Next()}";

        var result = await context.InvokeAsync("etcd.listMembers@1", etcd.Connection(dead, etcd.ClientUrl));

        Assert.Single(result.Outputs["members"]!.AsArray());
        Assert.True(context.Log.Contains($"{dead}: "), string.Join("\n", context.Log.Texts));
    }

    [Fact]
    public async Task ListMembers_AllEndpointsDead_FailsRetryablyNamingThem()
    {
        await using var context = new EtcdTestContext(etcd);
        var dead = $"https://127.0.0.1:{FreePort.Next()}";

        var error = await Assert.ThrowsAsync<ActivityException>(() => context.InvokeAsync("etcd.listMembers@1", etcd.Connection(dead)));

        Assert.Equal("etcd.unavailable", error.Code);
        Assert.True(error.Retryable);
        Assert.Contains(dead, error.Message, StringComparison.Ordinal);
    }
}
