using System.Security.Cryptography;
using ClusterWorkflows.Activities.Etcd.Tests.Fixtures;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Xunit;

namespace ClusterWorkflows.Activities.Etcd.Tests;

public sealed class SaveEtcdSnapshotTests(EtcdServerFixture etcd) : IClassFixture<EtcdServerFixture>
{
    [Fact]
    public async Task Snapshot_RunningMember_WritesFileMatchingTheReportedHash()
    {
        using var directory = new TempDirectory("cw-etcd-snapshot");
        await using var context = new EtcdTestContext(etcd);
        var input = etcd.Connection();
        var path = directory.File("backups/etcd.db");
        input["path"] = path;

        var result = await context.InvokeAsync("etcd.snapshot@1", input);

        Assert.True(result.Changed);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.NotEmpty(bytes);
        Assert.Equal(path, result.Outputs["path"]!.GetValue<string>());
        Assert.Equal(bytes.LongLength, result.Outputs["bytes"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Outputs["sha256"]!.GetValue<string>());
        Assert.Equal(etcd.ClientUrl, result.Outputs["endpoint"]!.GetValue<string>());
        // Atomic write: only the final file remains, no temporary next to it.
        Assert.Equal([path], Directory.GetFiles(directory.File("backups")));
    }

    [Fact]
    public async Task Snapshot_ExistingFile_IsReplaced()
    {
        using var directory = new TempDirectory("cw-etcd-snapshot");
        await using var context = new EtcdTestContext(etcd);
        var path = directory.File("etcd.db");
        await File.WriteAllTextAsync(path, "old");
        var input = etcd.Connection();
        input["path"] = path;

        var result = await context.InvokeAsync("etcd.snapshot@1", input);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))), result.Outputs["sha256"]!.GetValue<string>());
        Assert.True(new FileInfo(path).Length > 3);
    }

    [Fact]
    public async Task Snapshot_CheckMode_WritesNothing()
    {
        using var directory = new TempDirectory("cw-etcd-snapshot");
        await using var context = new EtcdTestContext(etcd);
        var input = etcd.Connection();
        input["path"] = directory.File("etcd.db");

        var result = await context.InvokeAsync("etcd.snapshot@1", input, checkMode: true);

        Assert.True(result.Changed);
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task Snapshot_AllEndpointsDead_FailsAndLeavesNoFile()
    {
        using var directory = new TempDirectory("cw-etcd-snapshot");
        await using var context = new EtcdTestContext(etcd);
        var input = etcd.Connection($"https://127.0.0.1:{FreePort.Next()}");
        input["path"] = directory.File("etcd.db");

        var error = await Assert.ThrowsAsync<ActivityException>(() => context.InvokeAsync("etcd.snapshot@1", input));

        Assert.Equal("etcd.unavailable", error.Code);
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task Snapshot_RelativePath_FailsNamingTheField()
    {
        await using var context = new EtcdTestContext(etcd);
        var input = etcd.Connection();
        input["path"] = "relative/etcd.db";

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => context.InvokeAsync("etcd.snapshot@1", input));

        Assert.StartsWith("path:", error.Message, StringComparison.Ordinal);
    }
}
