// Version 4: what the job protocol adds to generation_jobs and work_log (Docs/Jobs.md#columns, #work_log).
//
// Enqueueing stays a plain INSERT: every added column has a default that makes a new row
// claimable at once, a trigger fixes legacy status spellings, and CHECK constraints refuse what
// SQL can refuse while the operator is still at the prompt. Constraints are added NOT VALID
// first so rows in an existing Spark database never block the migration.

extension SchemaMigrations {
    static let queueAdditions = queueColumns + statusNormalisation + queueConstraintsAndIndexes
        + wakeUpTriggers + workLogAdditions

    private static let queueColumns = """
        -- Queue columns -------------------------------------------------------------------

        -- NOT NULL where the claim query compares the value: a NULL run_at or attempt would
        -- make a job silently unclaimable. ADD COLUMN with a constant (or stable) default fills
        -- existing rows, so NOT NULL is safe on a table that has them.
        ALTER TABLE generation_jobs
            ADD COLUMN IF NOT EXISTS priority smallint NOT NULL DEFAULT 0,
            ADD COLUMN IF NOT EXISTS run_at timestamptz NOT NULL DEFAULT now(),
            ADD COLUMN IF NOT EXISTS attempt integer NOT NULL DEFAULT 0,
            ADD COLUMN IF NOT EXISTS max_attempts integer NOT NULL DEFAULT 5,
            ADD COLUMN IF NOT EXISTS locked_by text,
            ADD COLUMN IF NOT EXISTS locked_at timestamptz,
            ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz,
            ADD COLUMN IF NOT EXISTS cancel_requested_at timestamptz,
            ADD COLUMN IF NOT EXISTS last_error text,
            ADD COLUMN IF NOT EXISTS errors jsonb NOT NULL DEFAULT '[]'::jsonb,
            ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now(),
            ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now(),
            ADD COLUMN IF NOT EXISTS started_at timestamptz,
            ADD COLUMN IF NOT EXISTS finished_at timestamptz;
        -- An existing table may have these seed columns without the seed's defaults.
        \(defaultIfMissing("generation_jobs", "status", "'pending'"))
        \(defaultIfMissing("generation_jobs", "batch_size", "10"))
        \(defaultIfMissing("generation_jobs", "progress", "0"))

        """

    private static let statusNormalisation = """
        -- Status spellings ----------------------------------------------------------------

        -- Status spellings are mapped here: lower case and trimmed; queued -> pending,
        -- complete -> completed, canceled -> cancelled. An INSERT without a status (or with
        -- NULL, where an old table has no default) is pending. Only built-in functions are
        -- called, so the trigger works whatever the session's search_path.
        CREATE OR REPLACE FUNCTION content_factory_generation_jobs_normalize_status()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.status IS NULL THEN
                IF TG_OP = 'INSERT' THEN
                    NEW.status := 'pending';
                END IF;
                RETURN NEW;
            END IF;
            NEW.status := CASE lower(btrim(NEW.status))
                WHEN 'queued' THEN 'pending'
                WHEN 'complete' THEN 'completed'
                WHEN 'canceled' THEN 'cancelled'
                ELSE lower(btrim(NEW.status))
            END;
            RETURN NEW;
        END
        $$;
        DROP TRIGGER IF EXISTS generation_jobs_normalize_status ON generation_jobs;
        CREATE TRIGGER generation_jobs_normalize_status
            BEFORE INSERT OR UPDATE OF status ON generation_jobs
            FOR EACH ROW EXECUTE FUNCTION content_factory_generation_jobs_normalize_status();

        -- One-time normalisation of existing rows ('Pending', 'queued', 'Processing',
        -- 'Complete', …): assigning status to itself runs the trigger above, which does the
        -- mapping. Only rows the trigger turns into a valid status are touched: a status nobody
        -- knows ('Draft') is left as it is, and would fail the status CHECK (NOT VALID, so
        -- checked on update) if this migration ever ran again.
        UPDATE generation_jobs SET status = status
        WHERE status NOT IN ('pending', 'processing', 'completed', 'failed', 'cancelled')
          AND lower(btrim(status)) IN (
              'pending', 'processing', 'completed', 'failed', 'cancelled', 'queued', 'complete', 'canceled');

        """

    private static let queueConstraintsAndIndexes = """
        -- Constraints and the claim index ---------------------------------------------------

        -- Named for the operator who reads them in an error message. NULL passes a CHECK:
        -- a NULL batch_size means 10 (Docs/Jobs.md#columns).
        \(checkConstraint("generation_jobs", "generation_jobs_target_quantity_positive", "target_quantity > 0"))
        \(checkConstraint("generation_jobs", "generation_jobs_batch_size_range", "batch_size BETWEEN 1 AND 10000"))
        \(checkConstraint(
            "generation_jobs", "generation_jobs_status_valid",
            "status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')"))
        -- The claim's ORDER BY, over pending rows only, so finished jobs never slow it down.
        -- heartbeat_at is in no index (here or below): heartbeats must stay HOT updates.
        CREATE INDEX IF NOT EXISTS generation_jobs_claim_idx
            ON generation_jobs (priority DESC, run_at, created_at) WHERE status = 'pending';
        -- Lets the reaper find running jobs without scanning finished ones. locked_at changes
        -- only together with status, which already ends a HOT chain.
        CREATE INDEX IF NOT EXISTS generation_jobs_processing_idx
            ON generation_jobs (locked_at) WHERE status = 'processing';

        """

    private static let wakeUpTriggers = """
        -- Wake-up notifications -----------------------------------------------------------

        -- Statement-level, empty payload: one notification per INSERT statement however many
        -- rows it adds; the listener re-reads the table, which is the truth. The channel is the
        -- trigger's argument.
        CREATE OR REPLACE FUNCTION content_factory_notify()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify(TG_ARGV[0], '');
            RETURN NULL;
        END
        $$;
        DROP TRIGGER IF EXISTS generation_jobs_notify ON generation_jobs;
        CREATE TRIGGER generation_jobs_notify
            AFTER INSERT ON generation_jobs
            FOR EACH STATEMENT EXECUTE FUNCTION content_factory_notify('generation_jobs');
        DROP TRIGGER IF EXISTS work_log_notify ON work_log;
        CREATE TRIGGER work_log_notify
            AFTER INSERT ON work_log
            FOR EACH STATEMENT EXECUTE FUNCTION content_factory_notify('work_log');

        """

    private static let workLogAdditions = """
        -- work_log ------------------------------------------------------------------------

        \(defaultIfMissing("work_log", "timestamp", "now()"))
        -- `tail --job ID` reads one job's rows after the last id seen; `prune` deletes by age.
        CREATE INDEX IF NOT EXISTS work_log_entity_id_id_idx ON work_log (entity_id, id);
        CREATE INDEX IF NOT EXISTS work_log_timestamp_idx ON work_log ("timestamp");

        """
}
