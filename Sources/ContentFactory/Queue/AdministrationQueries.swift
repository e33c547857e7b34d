/// The statements of the operator commands (`enqueue`, `status`, `cancel`, `retry`, `prune`, `tail`), run
/// through `QueueAdministration`. The daemon's own statements are in `JobQueries`. Parameters only.
package enum AdministrationQueries {
    /// `enqueue`: the row a plain INSERT makes. `$1` site, `$2` quantity, `$3` batch size (NULL: 10),
    /// `$4` filters JSON, `$5` priority, `$6` max attempts. Returns the id.
    package static let enqueue = """
        INSERT INTO generation_jobs (site_id, target_quantity, batch_size, filters, priority, max_attempts)
        VALUES ($1, $2, $3, $4::jsonb, coalesce($5::smallint, 0), coalesce($6::int, 5))
        RETURNING id
        """

    /// One job's state, for `enqueue --wait` and `status`. `$1` id.
    package static let jobState = """
        SELECT id, status, coalesce(current_offset, 0), coalesce(target_quantity, 0), coalesce(progress, 0),
               attempt, max_attempts, locked_by, last_error, cancel_requested_at, run_at
        FROM generation_jobs WHERE id = $1
        """

    /// `status`: counts per status.
    package static let statusCounts = """
        SELECT status, count(*) FROM generation_jobs GROUP BY status ORDER BY status
        """

    /// `status`: jobs running, waiting or recently finished (`$1` how many).
    package static let statusJobs = """
        SELECT id, status, coalesce(current_offset, 0), coalesce(target_quantity, 0), coalesce(progress, 0),
               attempt, max_attempts, locked_by, last_error, cancel_requested_at, run_at
        FROM generation_jobs
        WHERE status IN ('pending', 'processing')
           OR finished_at > now() - interval '1 hour'
        ORDER BY CASE status WHEN 'processing' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END,
                 priority DESC, run_at, created_at
        LIMIT $1
        """

    /// `cancel ID`: asks for a cancel (idempotent). Returns the status, or no row for an unknown id.
    package static let requestCancel = """
        UPDATE generation_jobs SET cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now()
        WHERE id = $1
        RETURNING status
        """

    /// `retry ID`: a failed (or cancelled) job back to `pending` with its attempts reset, resuming from
    /// `current_offset`. Returns the id, or no row when the job is not failed/cancelled.
    package static let retryFailed = """
        WITH done AS (
          UPDATE generation_jobs
             SET status = 'pending', attempt = 0, run_at = now(), cancel_requested_at = NULL,
                 finished_at = NULL, locked_by = NULL, updated_at = now()
           WHERE id = $1 AND status IN ('failed', 'cancelled')
          RETURNING id, site_id, coalesce(current_offset, 0) AS current_offset),
        logged AS (
          \(WorkLogInsert.job("'job.retry_requested'", details: "jsonb_build_object('offset', current_offset)",
              level: "'info'", status: "'pending'"))
          FROM done),
        woken AS (SELECT pg_notify('generation_jobs', '') FROM (SELECT 1 FROM done LIMIT 1) one)
        SELECT (SELECT count(*) FROM done), (SELECT count(*) FROM woken)
        """

    /// `prune`: deletes up to `$2` work_log rows older than `$1` seconds; run until it returns 0.
    package static let pruneChunk = """
        WITH doomed AS (
          SELECT id FROM work_log
          WHERE "timestamp" < now() - make_interval(secs => $1::float8)
          ORDER BY id LIMIT $2)
        DELETE FROM work_log w USING doomed WHERE w.id = doomed.id
        """

    /// `tail`: rows after `$1` (id), optionally one job's (`$2`) and at least a level (`$3`, a rank:
    /// 0 debug … 4 error). Returns id, timestamp, level, action, entity_type, entity_id, status, details.
    package static let tailAfter = """
        SELECT id, "timestamp"::text, coalesce(level, ''), coalesce(action, ''), coalesce(entity_type, ''),
               coalesce(entity_id, ''), coalesce(status, ''), coalesce(details, '{}'::jsonb)::text
        FROM work_log
        WHERE id > $1 AND ($2::text IS NULL OR entity_id = $2)
          AND (CASE lower(coalesce(level, 'info'))
                 WHEN 'debug' THEN 0 WHEN 'info' THEN 1 WHEN 'notice' THEN 2 WHEN 'warning' THEN 3
                 ELSE 4 END) >= $3
        ORDER BY id
        LIMIT 1000
        """

    /// `tail`: where to start: the id `$1` rows back from the newest (optionally of job `$2`).
    package static let tailStart = """
        SELECT coalesce(min(id) - 1, (SELECT coalesce(max(id), 0) FROM work_log)) FROM (
          SELECT id FROM work_log WHERE ($2::text IS NULL OR entity_id = $2) ORDER BY id DESC LIMIT $1) recent
        """
}
