namespace ClusterWorkflows.Store.Tests.Sqlite;

/// <summary>SQL that takes a migrated database back to an older schema version, as an older build left it.</summary>
internal static class SqliteSchemaHistory
{
    public const string BackToVersionThree = """
        DROP INDEX ix_runs_claimable; DELETE FROM schema_migrations WHERE version > 3;
        """;

    public const string BackToVersionTwo = BackToVersionThree + """
        DROP TABLE webhook_deliveries; DROP TABLE api_tokens; ALTER TABLE definitions DROP COLUMN deleted_at;
        DROP INDEX ux_runs_dedup_key; ALTER TABLE runs DROP COLUMN dedup_key; DROP INDEX ix_runs_updated_at;
        DROP TABLE journal_revision; DROP INDEX ix_journal_run_revision; ALTER TABLE journal DROP COLUMN revision;
        DELETE FROM schema_migrations WHERE version > 2;
        """;

    public const string BackToVersionOne = BackToVersionTwo + """
        DROP TABLE schedule_fires; DROP TABLE schedules; DROP INDEX ix_runs_triggered_by;
        ALTER TABLE runs DROP COLUMN triggered_by; DELETE FROM schema_migrations WHERE version > 1;
        """;
}
