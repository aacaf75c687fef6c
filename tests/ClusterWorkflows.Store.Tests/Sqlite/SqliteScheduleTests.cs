using ClusterWorkflows.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Tests.Sqlite;

/// <summary>What only the SQLite store promises about schedules: its migration and its answer for a removed schedule.</summary>
public sealed class SqliteScheduleTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    private async Task<SqliteWorkflowStore> OpenAsync()
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = directory.File("cw.db") });
        await store.MigrateAsync(Ct);
        return store;
    }

    private void Raw(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = directory.File("cw.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task MigrateAsync_VersionOneDatabase_AddsSchedulesAndKeepsRuns()
    {
        await using (await OpenAsync())
        {
        }

        // Back to the version 1 schema, with a run written by a version 1 build.
        Raw(SqliteSchemaHistory.BackToVersionOne + """
            INSERT INTO runs (id, definition_id, definition_version, status, inputs, variables, check_mode, cancel_requested,
                input_overrides, created_at, updated_at, lease_epoch)
            VALUES ('0d9c1f9e-6d1e-4a51-9a53-8c1d3c9b8a01', 'old', 1, 'Completed', '{}', '{}', 0, 0, '{}', 0, 0, 0);
            """);

        await using var store = await OpenAsync();
        var run = await store.GetRunAsync(Guid.Parse("0d9c1f9e-6d1e-4a51-9a53-8c1d3c9b8a01"), Ct);

        Assert.Equal(4, await store.SchemaVersionAsync(Ct));
        Assert.NotNull(run);
        Assert.Null(run.TriggeredBy);
        Assert.Empty(await store.ListSchedulesAsync(Ct));
    }

    [Fact]
    public async Task TryFireAsync_ScheduleRemoved_ReturnsFalseAndCreatesNothing()
    {
        await using var store = await OpenAsync();
        var run = new RunRecord { Id = Guid.NewGuid(), DefinitionId = "gone", DefinitionVersion = 1, CreatedAt = T0, UpdatedAt = T0 };

        var fired = await store.TryFireAsync("gone/cron", T0, run, T0.AddHours(1), "node-a", T0, Ct);

        Assert.False(fired);
        Assert.Null(await store.GetRunAsync(run.Id, Ct));
        Assert.Empty(await store.ListFiresAsync("gone/cron", 10, Ct));
    }
}
