namespace ClusterWorkflows.Store.Sqlite;

/// <summary>
/// The schema as an append-only list: a released migration is never edited, a change is a new entry.
/// Each is applied in its own BEGIN IMMEDIATE transaction together with its schema_migrations row.
/// </summary>
internal static class Migrations
{
    public sealed record Migration(int Version, string Sql);

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, """
            CREATE TABLE definitions (
                id          TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                content     TEXT    NOT NULL,
                hash        TEXT    NOT NULL,
                source_path TEXT,
                created_at  INTEGER NOT NULL,
                PRIMARY KEY (id, version)
            ) WITHOUT ROWID;

            CREATE TABLE runs (
                id                 TEXT    NOT NULL PRIMARY KEY,
                definition_id      TEXT    NOT NULL,
                definition_version INTEGER NOT NULL,
                status             TEXT    NOT NULL,
                inputs             TEXT    NOT NULL,
                protected_inputs   TEXT,
                variables          TEXT    NOT NULL,
                outputs            TEXT,
                concurrency_key    TEXT,
                check_mode         INTEGER NOT NULL,
                inventory          TEXT,
                error              TEXT,
                cancel_requested   INTEGER NOT NULL,
                input_overrides    TEXT    NOT NULL,
                created_at         INTEGER NOT NULL,
                updated_at         INTEGER NOT NULL,
                started_at         INTEGER,
                ended_at           INTEGER,
                wake_at            INTEGER,
                lease_owner        TEXT,
                lease_expires_at   INTEGER,
                lease_epoch        INTEGER NOT NULL,
                created_by         TEXT
            );
            -- The claim query filters on status (and wake_at for waiting runs); listings sort by created_at.
            CREATE INDEX ix_runs_status_wake_at ON runs (status, wake_at);
            CREATE INDEX ix_runs_created_at ON runs (created_at);

            CREATE TABLE concurrency_keys (
                key    TEXT NOT NULL PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE
            ) WITHOUT ROWID;

            CREATE TABLE journal (
                seq             INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id          TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                step_path       TEXT    NOT NULL,
                step_id         TEXT    NOT NULL,
                item_key        TEXT,
                attempt         INTEGER NOT NULL,
                status          TEXT    NOT NULL,
                started_at      INTEGER NOT NULL,
                ended_at        INTEGER,
                inputs          TEXT,
                outputs         TEXT,
                variables       TEXT,
                changed         INTEGER NOT NULL,
                error_code      TEXT,
                error_message   TEXT,
                error_retryable INTEGER,
                handled         INTEGER NOT NULL,
                superseded      INTEGER NOT NULL,
                due_at          INTEGER,
                bookmark        TEXT,
                worker_id       TEXT,
                UNIQUE (run_id, step_path, attempt)
            );

            CREATE TABLE logs (
                seq       INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id    TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                step_path TEXT    NOT NULL,
                attempt   INTEGER NOT NULL,
                ts        INTEGER NOT NULL,
                level     TEXT    NOT NULL,
                text      TEXT    NOT NULL
            );
            CREATE INDEX ix_logs_run_seq ON logs (run_id, seq);

            -- No foreign key: the audit trail outlives whatever it mentions.
            CREATE TABLE audit (
                seq       INTEGER PRIMARY KEY AUTOINCREMENT,
                ts        INTEGER NOT NULL,
                actor     TEXT    NOT NULL,
                action    TEXT    NOT NULL,
                run_id    TEXT,
                step_path TEXT,
                reason    TEXT,
                details   TEXT,
                source    TEXT
            );
            CREATE INDEX ix_audit_run_seq ON audit (run_id, seq);

            CREATE TABLE secrets (
                name       TEXT    NOT NULL PRIMARY KEY,
                ciphertext BLOB    NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        new(2, """
            -- Who or what started a run (cli, schedule:ID, ...); the scheduler asks for a schedule's active runs.
            ALTER TABLE runs ADD COLUMN triggered_by TEXT;
            CREATE INDEX ix_runs_triggered_by ON runs (triggered_by, status);

            CREATE TABLE schedules (
                id                 TEXT    NOT NULL PRIMARY KEY,
                definition_id      TEXT    NOT NULL,
                definition_version INTEGER NOT NULL,
                cron               TEXT    NOT NULL,
                time_zone          TEXT    NOT NULL,
                inputs             TEXT    NOT NULL,
                overlap            TEXT    NOT NULL,
                catch_up           TEXT    NOT NULL,
                catch_up_window    INTEGER NOT NULL, -- microseconds
                paused             INTEGER NOT NULL,
                next_fire_at       INTEGER,
                last_fire_at       INTEGER,
                updated_at         INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX ix_schedules_definition ON schedules (definition_id);

            -- The primary key is the exactly-once guarantee: one row per (schedule, instant), whichever node wins.
            CREATE TABLE schedule_fires (
                schedule_id TEXT    NOT NULL,
                fire_at     INTEGER NOT NULL,
                outcome     TEXT    NOT NULL,
                run_id      TEXT,
                node        TEXT    NOT NULL,
                recorded_at INTEGER NOT NULL,
                PRIMARY KEY (schedule_id, fire_at)
            ) WITHOUT ROWID;
            CREATE INDEX ix_schedule_fires_fire_at ON schedule_fires (fire_at);
            """),
        new(3, """
            -- Change feeds. A journal record takes a new revision on every write, from a counter rather than
            -- max(revision) + 1: pruning the runs written last would otherwise hand their revisions out again.
            -- Records written before this version are numbered by sequence, and the counter goes on from there.
            ALTER TABLE journal ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
            UPDATE journal SET revision = seq;
            CREATE INDEX ix_journal_run_revision ON journal (run_id, revision);
            CREATE TABLE journal_revision (
                id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                last INTEGER NOT NULL
            );
            INSERT INTO journal_revision (id, last) SELECT 1, coalesce(max(revision), 0) FROM journal;

            -- The runs list's live feed: rows changed since an instant, oldest change first.
            CREATE INDEX ix_runs_updated_at ON runs (updated_at, id);

            -- At most one active run per dedup key (e.g. one per alert group). A status change to Completed or
            -- Cancelled takes the row out of the index and so frees the key.
            ALTER TABLE runs ADD COLUMN dedup_key TEXT;
            CREATE UNIQUE INDEX ux_runs_dedup_key ON runs (dedup_key)
                WHERE dedup_key IS NOT NULL AND status NOT IN ('Completed', 'Cancelled');

            -- Set on every version of a deleted definition; a newer version saved later is visible again.
            ALTER TABLE definitions ADD COLUMN deleted_at INTEGER;

            -- Only a hash of each secret is stored; names are unique so that operators can tell tokens apart.
            CREATE TABLE api_tokens (
                id           TEXT    NOT NULL PRIMARY KEY,
                name         TEXT    NOT NULL UNIQUE,
                role         TEXT    NOT NULL,
                secret_hash  TEXT    NOT NULL,
                created_at   INTEGER NOT NULL,
                created_by   TEXT    NOT NULL,
                last_used_at INTEGER,
                revoked_at   INTEGER
            ) WITHOUT ROWID;

            -- The primary key is the replay guard: a delivery is recorded once, whichever process sees it first.
            CREATE TABLE webhook_deliveries (
                key         TEXT    NOT NULL PRIMARY KEY,
                received_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX ix_webhook_deliveries_received_at ON webhook_deliveries (received_at);
            """),
        new(4, """
            -- Claims walk the active runs oldest first and stop at the first claimable one; without this the
            -- planner sorted every active run on each claim, which made a queue of 30,000 runs drain slowly.
            CREATE INDEX ix_runs_claimable ON runs (created_at, id) WHERE status IN ('Pending', 'Running', 'Waiting');
            """),
    ];

    public static int Latest => All[^1].Version;
}
