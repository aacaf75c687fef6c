using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    private static LogLine Line(Guid runId, string path, string text) =>
        new(0, runId, path, 1, T0.AddTicks(10), "info", text);

    [Fact]
    public async Task GetLogsAsync_PagesAfterSequence()
    {
        var run = await CreateRunAsync(T0);
        await Store.AppendLogsAsync([.. Enumerable.Range(0, 5).Select(i => Line(run.Id, "a", $"line {i}"))], Ct);

        var first = await Store.GetLogsAsync(run.Id, null, 0, 2, Ct);
        var second = await Store.GetLogsAsync(run.Id, null, first[^1].Sequence, 2, Ct);
        var rest = await Store.GetLogsAsync(run.Id, null, second[^1].Sequence, 10, Ct);

        Assert.Equal(["line 0", "line 1"], first.Select(l => l.Text));
        Assert.Equal(["line 2", "line 3"], second.Select(l => l.Text));
        Assert.Equal(["line 4"], rest.Select(l => l.Text));
        Assert.Empty(await Store.GetLogsAsync(run.Id, null, rest[^1].Sequence, 10, Ct));
    }

    [Fact]
    public async Task AppendLogsAsync_EveryField_RoundTrips()
    {
        var run = await CreateRunAsync(T0);
        var line = new LogLine(0, run.Id, "deploy/pull", 2, T0.AddTicks(70), "warn", "übel\tline");

        await Store.AppendLogsAsync([line], Ct);

        var read = Assert.Single(await Store.GetLogsAsync(run.Id, null, 0, 10, Ct));
        Assert.True(read.Sequence > 0);
        Assert.Equal(line with { Sequence = read.Sequence }, read);
    }

    [Fact]
    public async Task GetLogsAsync_StepFilter_IncludesChildrenAndItemsButNotLookalikeSiblings()
    {
        var run = await CreateRunAsync(T0);
        var other = await CreateRunAsync(T0);
        await Store.AppendLogsAsync(
        [
            Line(run.Id, "deploy", "self"),
            Line(run.Id, "deploy/pull", "child"),
            Line(run.Id, "deploy[node_1]", "item"),
            Line(run.Id, "deploy[node_1]/pull", "item child"),
            Line(run.Id, "deployment", "sibling"),
            Line(run.Id, "predeploy", "other"),
            Line(other.Id, "deploy", "other run"),
        ], Ct);

        var lines = await Store.GetLogsAsync(run.Id, "deploy", 0, 100, Ct);

        Assert.Equal(["self", "child", "item", "item child"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task GetLogsAsync_StepFilterWithLikeWildcards_MatchesLiterally()
    {
        var run = await CreateRunAsync(T0);
        await Store.AppendLogsAsync([Line(run.Id, "a_%", "literal"), Line(run.Id, "ab%", "wildcard lookalike")], Ct);

        var lines = await Store.GetLogsAsync(run.Id, "a_%", 0, 100, Ct);

        Assert.Equal(["literal"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task AppendAuditAsync_ListAuditAsync_NewestFirstFilteredAndLimited()
    {
        var run = await CreateRunAsync(T0);
        var first = new AuditRecord(0, T0, "alice", "run.retry", run.Id, "deploy", "fixed disk", new JsonObject { ["attempt"] = 2 }, "api");
        await Store.AppendAuditAsync(first, Ct);
        await Store.AppendAuditAsync(new AuditRecord(0, T0.AddSeconds(1), "bob", "secret.set", null, null, null, null, "cli"), Ct);
        await Store.AppendAuditAsync(first with { Action = "run.cancel", Timestamp = T0.AddSeconds(2) }, Ct);

        var all = await Store.ListAuditAsync(null, 10, Ct);
        var forRun = await Store.ListAuditAsync(run.Id, 10, Ct);
        var limited = await Store.ListAuditAsync(null, 1, Ct);

        Assert.Equal(["run.cancel", "secret.set", "run.retry"], all.Select(a => a.Action));
        Assert.Equal(["run.cancel", "run.retry"], forRun.Select(a => a.Action));
        Assert.Equal(["run.cancel"], limited.Select(a => a.Action));
        var retry = forRun[1];
        Assert.True(retry.Sequence > 0);
        Assert.Equal(first with { Sequence = retry.Sequence, Details = retry.Details }, retry);
        AssertJson(first.Details, retry.Details);
    }

    [Fact]
    public async Task SetSecretAsync_OverwriteListDelete_BehavesAsKeyValueStore()
    {
        await Store.SetSecretAsync(new SecretRecord("s3.key", [1, 2, 3], T0), Ct);
        await Store.SetSecretAsync(new SecretRecord("dns_token", [4], T0), Ct);
        await Store.SetSecretAsync(new SecretRecord("s3.key", [9, 9], T0.AddSeconds(1)), Ct);

        var read = await Store.GetSecretAsync("s3.key", Ct);
        Assert.Equal([9, 9], read!.Ciphertext);
        Assert.Equal(T0.AddSeconds(1), read.UpdatedAt);
        Assert.Equal(["dns_token", "s3.key"], await Store.ListSecretNamesAsync(Ct));

        Assert.True(await Store.DeleteSecretAsync("s3.key", Ct));
        Assert.False(await Store.DeleteSecretAsync("s3.key", Ct));
        Assert.Null(await Store.GetSecretAsync("s3.key", Ct));
        Assert.Equal(["dns_token"], await Store.ListSecretNamesAsync(Ct));
    }

    [Fact]
    public async Task MigrateAsync_Twice_IsIdempotent()
    {
        var version = await Store.SchemaVersionAsync(Ct);
        var run = await CreateRunAsync(T0);

        await Store.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);

        Assert.True(version > 0);
        Assert.Equal(version, await Store.SchemaVersionAsync(Ct));
        Assert.NotNull(await Store.GetRunAsync(run.Id, Ct));
    }

    [Fact]
    public async Task MigrateAsync_FromSecondInstance_SeesSameDatabase()
    {
        var run = await CreateRunAsync(T0);
        var second = await OpenAnotherInstanceAsync();

        await second.MigrateAsync(Ct);

        Assert.Equal(await Store.SchemaVersionAsync(Ct), await second.SchemaVersionAsync(Ct));
        Assert.Equal(run.Id, (await second.GetRunAsync(run.Id, Ct))?.Id);
    }
}
