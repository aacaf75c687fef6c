using ClusterWorkflows.Activities.Etcd.Tests.Fixtures;
using ClusterWorkflows.Sdk;
using System.Text.Json.Nodes;
using Xunit;

namespace ClusterWorkflows.Activities.Etcd.Tests;

/// <summary>Changes membership, so it has an etcd of its own (class fixture).</summary>
public sealed class MembershipTests(EtcdServerFixture etcd) : IClassFixture<EtcdServerFixture>
{
    [Fact]
    public async Task AddThenRemoveLearner_SecondRuns_ReportUnchanged()
    {
        await using var context = new EtcdTestContext(etcd);
        var peer = $"http://127.0.0.1:{FreePort.Next()}";
        var add = etcd.Connection();
        add["name"] = "learner-1";
        add["peerUrls"] = new JsonArray(peer);
        add["isLearner"] = true;

        var added = await context.InvokeAsync("etcd.addMember@1", add);
        var again = await context.InvokeAsync("etcd.addMember@1", add);

        Assert.True(added.Changed);
        Assert.False(again.Changed);
        var id = added.Outputs["member"]!["id"]!.GetValue<string>();
        Assert.Equal(id, again.Outputs["member"]!["id"]!.GetValue<string>());
        Assert.True(added.Outputs["member"]!["isLearner"]!.GetValue<bool>());
        Assert.Equal($"learner-1={peer},{EtcdServerFixture.MemberName}={etcd.PeerUrl}", added.Outputs["initialCluster"]!.GetValue<string>());
        var listed = await context.InvokeAsync("etcd.listMembers@1", etcd.Connection());
        Assert.Equal(2, listed.Outputs["members"]!.AsArray().Count);

        var remove = etcd.Connection();
        remove["peerUrl"] = peer;
        var removed = await context.InvokeAsync("etcd.removeMember@1", remove);
        var removedAgain = await context.InvokeAsync("etcd.removeMember@1", remove);

        Assert.True(removed.Changed);
        Assert.Equal(id, removed.Outputs["removedId"]!.GetValue<string>());
        Assert.False(removedAgain.Changed);
        Assert.Equal("", removedAgain.Outputs["removedId"]!.GetValue<string>());
        var left = Assert.Single(removedAgain.Outputs["members"]!.AsArray())!;
        Assert.Equal(EtcdServerFixture.MemberName, left["name"]!.GetValue<string>());

        // The same peer URL can come back (a replaced host keeps its address).
        var readded = await context.InvokeAsync("etcd.addMember@1", add);
        Assert.True(readded.Changed);
        Assert.True((await context.InvokeAsync("etcd.removeMember@1", remove)).Changed);
    }

    [Fact]
    public async Task AddMember_ExistingNameWithOtherPeerUrl_FailsAsConflict()
    {
        await using var context = new EtcdTestContext(etcd);
        var add = etcd.Connection();
        add["name"] = EtcdServerFixture.MemberName;
        add["peerUrls"] = new JsonArray($"http://127.0.0.1:{FreePort.Next()}");

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => context.InvokeAsync("etcd.addMember@1", add));

        Assert.Equal("etcd.member-conflict", error.Code);
        Assert.StartsWith("name:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMember_CheckMode_AddsNothing()
    {
        await using var context = new EtcdTestContext(etcd);
        var add = etcd.Connection();
        add["name"] = "planned";
        add["peerUrls"] = new JsonArray($"http://127.0.0.1:{FreePort.Next()}");
        add["isLearner"] = true;

        var result = await context.InvokeAsync("etcd.addMember@1", add, checkMode: true);

        Assert.True(result.Changed);
        var listed = await context.InvokeAsync("etcd.listMembers@1", etcd.Connection());
        Assert.DoesNotContain(listed.Outputs["members"]!.AsArray(), m => m!["peerUrls"]!.AsArray().Any(u => u!.GetValue<string>() == add["peerUrls"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task RemoveMember_NeitherNameNorPeerUrl_FailsNamingTheFields()
    {
        await using var context = new EtcdTestContext(etcd);

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => context.InvokeAsync("etcd.removeMember@1", etcd.Connection()));

        Assert.StartsWith("name/peerUrl:", error.Message, StringComparison.Ordinal);
    }
}
