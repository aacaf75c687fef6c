namespace ClusterWorkflows.Store.Postgres;

/// <summary>
/// The schema as an append-only list: a released migration is never edited, a change is a new entry. All
/// pending migrations run in one transaction under an advisory lock (see MigrateAsync). Statements are
/// unqualified: every connection's search_path is the store's schema.
/// </summary>
internal static class Migrations
{
    public sealed record Migration(int Version, string Sql);

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, """
            CREATE TABLE definitions (
                id          text COLLATE "C" NOT NULL,
                version     integer     NOT NULL,
                content     text        NOT NULL,
                hash        text        NOT NULL,
                source_path text,
                created_at  timestamptz NOT NULL,
                PRIMARY KEY (id, version)
            );

            -- fillfactor leaves room on each page so that checkpoint updates of a run (variables, updated_at:
            -- no indexed column) stay HOT updates that touch no index.
            CREATE TABLE runs (
                id                 uuid        NOT NULL PRIMARY KEY,
                definition_id      text COLLATE "C" NOT NULL,
                definition_version integer     NOT NULL,
                status             text        NOT NULL,
                inputs             jsonb       NOT NULL,
                protected_inputs   text,
                variables          jsonb       NOT NULL,
                outputs            jsonb,
                concurrency_key    text,
                check_mode         boolean     NOT NULL,
                inventory          text,
                error              text,
                cancel_requested   boolean     NOT NULL,
                input_overrides    jsonb       NOT NULL,
                created_at         timestamptz NOT NULL,
                updated_at         timestamptz NOT NULL,
                started_at         timestamptz,
                ended_at           timestamptz,
                wake_at            timestamptz,
                lease_owner        text,
                lease_expires_at   timestamptz,
                lease_epoch        bigint      NOT NULL,
                created_by         text,
                triggered_by       text
            ) WITH (fillfactor = 80);
            -- Listings: newest first, optionally by status, definition or trigger.
            CREATE INDEX ix_runs_created ON runs (created_at DESC, id DESC);
            CREATE INDEX ix_runs_status_created ON runs (status, created_at DESC, id DESC);
            CREATE INDEX ix_runs_definition_created ON runs (definition_id, created_at DESC, id DESC);
            CREATE INDEX ix_runs_triggered_created ON runs (triggered_by, created_at DESC, id DESC) WHERE triggered_by IS NOT NULL;
            -- Claims walk the (few) active runs oldest first and test lease / wake-up per row; history is never scanned.
            CREATE INDEX ix_runs_claimable ON runs (created_at, id) WHERE status IN ('Pending', 'Running', 'Waiting');
            -- Retention deletes ended runs oldest first.
            CREATE INDEX ix_runs_ended ON runs (ended_at) WHERE status IN ('Completed', 'Cancelled');

            -- The primary key is what makes a key exclusive across nodes: two claims cannot both insert it.
            CREATE TABLE concurrency_keys (
                key    text NOT NULL PRIMARY KEY,
                run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE
            );

            -- seq is the global order of first writes; the identity is uncached so one run's records, written
            -- through different pooled connections, still get increasing numbers.
            CREATE TABLE journal (
                seq             bigint GENERATED ALWAYS AS IDENTITY,
                run_id          uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                step_path       text        NOT NULL,
                step_id         text        NOT NULL,
                item_key        text,
                attempt         integer     NOT NULL,
                status          text        NOT NULL,
                started_at      timestamptz NOT NULL,
                ended_at        timestamptz,
                inputs          jsonb,
                outputs         jsonb,
                variables       jsonb,
                changed         boolean     NOT NULL,
                error_code      text,
                error_message   text,
                error_retryable boolean,
                handled         boolean     NOT NULL,
                superseded      boolean     NOT NULL,
                due_at          timestamptz,
                bookmark        jsonb,
                worker_id       text,
                PRIMARY KEY (run_id, seq),
                UNIQUE (run_id, step_path, attempt)
            ) WITH (fillfactor = 90);

            CREATE TABLE logs (
                seq       bigint GENERATED ALWAYS AS IDENTITY,
                run_id    uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                step_path text        NOT NULL,
                attempt   integer     NOT NULL,
                ts        timestamptz NOT NULL,
                level     text        NOT NULL,
                text      text        NOT NULL,
                PRIMARY KEY (run_id, seq)
            );

            -- No foreign key: the audit trail outlives whatever it mentions.
            CREATE TABLE audit (
                seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                ts        timestamptz NOT NULL,
                actor     text        NOT NULL,
                action    text        NOT NULL,
                run_id    uuid,
                step_path text,
                reason    text,
                details   jsonb,
                source    text
            );
            CREATE INDEX ix_audit_run_seq ON audit (run_id, seq);

            CREATE TABLE secrets (
                name       text COLLATE "C" NOT NULL PRIMARY KEY,
                ciphertext bytea       NOT NULL,
                updated_at timestamptz NOT NULL
            );

            CREATE TABLE schedules (
                id                 text COLLATE "C" NOT NULL PRIMARY KEY,
                definition_id      text COLLATE "C" NOT NULL,
                definition_version integer     NOT NULL,
                cron               text        NOT NULL,
                time_zone          text        NOT NULL,
                inputs             jsonb       NOT NULL,
                overlap            text        NOT NULL,
                catch_up           text        NOT NULL,
                catch_up_window    interval    NOT NULL,
                paused             boolean     NOT NULL,
                next_fire_at       timestamptz,
                last_fire_at       timestamptz,
                updated_at         timestamptz NOT NULL
            );
            CREATE INDEX ix_schedules_definition ON schedules (definition_id);

            -- The primary key is the exactly-once guarantee: one row per (schedule, instant) across all nodes.
            -- No foreign keys: fires stay as history when a schedule or its run is removed.
            CREATE TABLE schedule_fires (
                schedule_id text COLLATE "C" NOT NULL,
                fire_at     timestamptz NOT NULL,
                outcome     text        NOT NULL,
                run_id      uuid,
                node        text        NOT NULL,
                recorded_at timestamptz NOT NULL,
                PRIMARY KEY (schedule_id, fire_at)
            );
            CREATE INDEX ix_schedule_fires_fire_at ON schedule_fires (fire_at);

            -- Idle workers LISTEN on cw_work. Triggers notify from every transaction that can make work claimable,
            -- whatever code path wrote it; PostgreSQL delivers at commit and folds repeats within a transaction.
            -- The WHEN clauses are evaluated without calling the function, so checkpoints pay nothing.
            CREATE FUNCTION notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('cw_work', '');
                RETURN NULL;
            END
            $$;

            CREATE TRIGGER runs_created_notify AFTER INSERT ON runs
                FOR EACH ROW EXECUTE FUNCTION notify_work();

            CREATE TRIGGER runs_claimable_notify AFTER UPDATE ON runs
                FOR EACH ROW
                WHEN ((NEW.status = 'Pending' AND OLD.status <> 'Pending')
                    OR (NEW.status = 'Waiting' AND NEW.wake_at IS NOT NULL
                        AND (OLD.status <> 'Waiting' OR OLD.wake_at IS DISTINCT FROM NEW.wake_at))
                    OR (OLD.lease_owner IS NOT NULL AND NEW.lease_owner IS NULL))
                EXECUTE FUNCTION notify_work();

            CREATE TRIGGER concurrency_key_released_notify AFTER DELETE ON concurrency_keys
                FOR EACH ROW EXECUTE FUNCTION notify_work();
            """),
        new(2, """
            -- Change feeds. Every insert or replace of a journal record draws a revision from this sequence (inserts
            -- by the column default, replaces by taking the default their conflicting insert drew). The volatile
            -- default rewrites the journal once, numbering the records already there. Commit order can differ from
            -- revision order between transactions; see JournalRows for why a per-run reader still misses nothing.
            CREATE SEQUENCE journal_revision AS bigint;
            ALTER TABLE journal ADD COLUMN revision bigint NOT NULL DEFAULT nextval('journal_revision');
            ALTER SEQUENCE journal_revision OWNED BY journal.revision;
            CREATE INDEX ix_journal_run_revision ON journal (run_id, revision);

            -- The runs list's live feed: rows changed since an instant, oldest change first. Indexing updated_at
            -- ends HOT updates for the run updates that checkpoints carry (only steps that set variables send one);
            -- without it the feed would read every run.
            CREATE INDEX ix_runs_updated ON runs (updated_at, id);

            -- At most one active run per dedup key (e.g. one per alert group), across nodes: two concurrent inserts
            -- of one key cannot both succeed. A status change to Completed or Cancelled frees the key.
            ALTER TABLE runs ADD COLUMN dedup_key text;
            CREATE UNIQUE INDEX ux_runs_dedup_key ON runs (dedup_key)
                WHERE dedup_key IS NOT NULL AND status NOT IN ('Completed', 'Cancelled');

            -- Set on every version of a deleted definition; a newer version saved later is visible again.
            ALTER TABLE definitions ADD COLUMN deleted_at timestamptz;

            -- Only a hash of each secret is stored; names are unique so that operators can tell tokens apart.
            CREATE TABLE api_tokens (
                id           text COLLATE "C" NOT NULL PRIMARY KEY,
                name         text COLLATE "C" NOT NULL UNIQUE,
                role         text        NOT NULL,
                secret_hash  text        NOT NULL,
                created_at   timestamptz NOT NULL,
                created_by   text        NOT NULL,
                last_used_at timestamptz,
                revoked_at   timestamptz
            );

            -- The primary key is the replay guard: a delivery is recorded once, whichever node sees it first.
            CREATE TABLE webhook_deliveries (
                key         text COLLATE "C" NOT NULL PRIMARY KEY,
                received_at timestamptz NOT NULL
            );
            CREATE INDEX ix_webhook_deliveries_received ON webhook_deliveries (received_at);
            """),
    ];

    public static int Latest => All[^1].Version;
}
