using System.Text.Json.Nodes;
using ClusterWorkflows.Testing.Postgres;
using Npgsql;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>Logs and values: ordering of concurrent appends, characters PostgreSQL cannot store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresValueTests(PostgresServerFixture postgres) : PostgresTestBase(postgres)
{
    [Fact]
    public async Task AppendLogsAsync_ConcurrentBatchesForOneRun_KeepEveryLineInOrderPerWriter()
    {
        var store = await OpenAsync();
        var run = NewRun(T0);
        await store.CreateRunAsync(run, Ct);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                await store.AppendLogsAsync(
                    [.. Enumerable.Range(0, 5).Select(i => new LogLine(0, run.Id, $"w{writer}", 1, T0, "info", $"{writer}:{batch}:{i}"))],
                    Ct);
            }
        })));

        var lines = await store.GetLogsAsync(run.Id, null, 0, 1000, Ct);
        Assert.Equal(400, lines.Count);
        foreach (var writer in lines.GroupBy(l => l.StepPath))
        {
            Assert.Equal(
                writer.Select(l => l.Text).Order(StringComparer.Ordinal).ToList(),
                writer.Select(l => l.Text).ToList());
        }
    }

    [Fact]
    public async Task AppendLogsAsync_AnotherAppendForTheRunInFlight_WaitsSoSequenceFollowsCommitOrder()
    {
        var store = await OpenAsync();
        var run = NewRun(T0);
        var other = NewRun(T0);
        await store.CreateRunAsync(run, Ct);
        await store.CreateRunAsync(other, Ct);

        // An append of another node for the same run, drawn its sequence number but not committed: what the store
        // does in one batch (the per-run lock, then the insert), held open.
        await using var otherNode = await OpenRawAsync();
        await using var transaction = await otherNode.BeginTransactionAsync();
        await using (var append = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(1668834160, hashtext(@id::text)); " +
            "INSERT INTO cw.logs (run_id, step_path, attempt, ts, level, text) VALUES (@id, 'a', 1, now(), 'info', 'first');",
            otherNode,
            transaction))
        {
            append.Parameters.AddWithValue("id", run.Id);
            await append.ExecuteNonQueryAsync();
        }

        await store.AppendLogsAsync([new LogLine(0, other.Id, "a", 1, T0, "info", "other run")], Ct);
        var second = store.AppendLogsAsync([new LogLine(0, run.Id, "a", 1, T0, "info", "second")], Ct);
        await WaitUntilAsync(async () => await BlockedBackendsAsync() > 0, "the second append waits for the first to commit");
        Assert.False(second.IsCompleted);
        Assert.Empty(await store.GetLogsAsync(run.Id, null, 0, 10, Ct));
        await transaction.CommitAsync();
        await second.WaitAsync(Deadline);

        Assert.Equal(["first", "second"], (await store.GetLogsAsync(run.Id, null, 0, 10, Ct)).Select(l => l.Text));
    }

    [Fact]
    public async Task CheckpointAndLogs_NulCharacters_AreStoredAsReplacementCharacters()
    {
        var store = await OpenAsync();
        var run = NewRun(T0);
        await store.CreateRunAsync(run, Ct);
        var lease = (await store.TryClaimRunAsync("worker", T0, LeaseTime, null, [], Ct))!;

        await store.CheckpointAsync(
            lease,
            new JournalRecord
            {
                RunId = run.Id,
                StepPath = "cmd",
                StepId = "cmd",
                Attempt = 1,
                Status = StepStatus.Faulted,
                StartedAt = T0,
                Outputs = new JsonObject { ["stdout"] = "a\0b", ["path"] = "C:\\u0000" },
                Error = new StepError("command.failed", "exit\0 1", Retryable: false),
            },
            new RunStateUpdate { Error = "step cmd: exit\0 1", UpdatedAt = T0 },
            Ct);
        await store.AppendLogsAsync([new LogLine(0, run.Id, "cmd", 1, T0, "info", "bin\0ary")], Ct);

        var record = Assert.Single(await store.GetJournalAsync(run.Id, Ct));
        Assert.Equal("a\uFFFDb", record.Outputs!["stdout"]!.GetValue<string>());
        Assert.Equal("C:\\u0000", record.Outputs!["path"]!.GetValue<string>());
        Assert.Equal("exit\uFFFD 1", record.Error!.Message);
        Assert.Equal("step cmd: exit\uFFFD 1", (await store.GetRunAsync(run.Id, Ct))!.Error);
        Assert.Equal("bin\uFFFDary", Assert.Single(await store.GetLogsAsync(run.Id, null, 0, 10, Ct)).Text);
    }
}
