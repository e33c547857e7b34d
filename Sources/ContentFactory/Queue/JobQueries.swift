/// Every statement the daemon runs on the queue (Docs/Jobs.md); the operator commands' are in
/// `AdministrationQueries`. Parameters only: no value is ever
/// spliced into SQL text.
///
/// Fences: every statement that changes a job this worker runs carries the same predicate
/// (`status = 'processing' AND locked_by = <me> AND attempt = <attempt>`), so a worker that lost its
/// lease (a zombie after SIGSTOP, a worker cut off from the database) matches 0 rows and changes
/// nothing.
///
/// work_log rows are written in the same statement or transaction as the transition they describe,
/// so the log never tells of a transition that did not happen (or misses one that did).
package enum JobQueries {
    /// The fence shared by every statement about a claimed job: `$1` job id, `$2` worker, `$3` attempt.
    static let fence = "id = $1 AND status = 'processing' AND locked_by = $2 AND attempt = $3"

    /// The `job.claimed` rows of both claims, one per row of their `claimed` CTE; `$2` is the worker id.
    static let claimedLog = WorkLogInsert.job(
        "'job.claimed'", details: "jsonb_build_object('worker', $2::text, 'attempt', attempt, 'offset', coalesce(current_offset, 0))",
        level: "'info'", status: "'processing'") + "\n  FROM claimed"

    /// Inserts the work_log rows described by `$1`, a JSON array of objects with `site_id`, `action`,
    /// `entity_type`, `entity_id`, `level`, `status` and `details` (see `WorkLogEntry`).
    package static let insertLogEntries = WorkLogInsert.entries("$1")

    /// What makes a job claimable (`$alias.` prefixes its columns, e.g. `"g."`).
    static func claimable(_ alias: String = "") -> String {
        "\(alias)status = 'pending' AND \(alias)run_at <= now()\n"
            + "            AND \(alias)attempt < \(alias)max_attempts AND \(alias)cancel_requested_at IS NULL"
    }

    /// Whether a job's lease expired: its last heartbeat (else its claim, else its last update, for
    /// rows without one) is older than `$1` seconds. `$alias.` prefixes its columns.
    static func leaseExpired(_ alias: String = "") -> String {
        "coalesce(\(alias)heartbeat_at, \(alias)locked_at, \(alias)updated_at) < now() - make_interval(secs => $1::float8)"
    }

    /// Whether job `g.` can commit with the claimed head `h.`: the same site and filters, and what is
    /// left of it fits in one batch. `claimWithCompanions` checks it when reading the window and again
    /// on the row it locks.
    static let fitsWithHead = """
        g.site_id IS NOT DISTINCT FROM h.site_id AND g.filters IS NOT DISTINCT FROM h.filters
                   AND g.target_quantity - coalesce(g.current_offset, 0) <= coalesce(g.batch_size, 10)
        """

    /// Queue order.
    static func queueOrder(_ alias: String = "") -> String {
        "\(alias)priority DESC, \(alias)run_at, \(alias)created_at"
    }

    /// How both claims end, from a `next` CTE of job ids: the `UPDATE` to `processing`, the
    /// `job.claimed` rows and the claimed jobs, in queue order. `$2` worker id.
    static let takeNext = """
        claimed AS (
          UPDATE generation_jobs j
          SET status = 'processing', attempt = j.attempt + 1, locked_by = $2,
              locked_at = now(), heartbeat_at = now(), started_at = coalesce(j.started_at, now()),
              updated_at = now()
          FROM next WHERE j.id = next.id
          RETURNING j.*),
        logged AS (
          \(claimedLog))
        SELECT \(JobRecord.columnsWithContentVersion) FROM claimed
        ORDER BY \(queueOrder())
        """

    /// The claim of Docs/Jobs.md#claim verbatim, plus the `job.claimed` work_log rows written by the same statement.
    /// `$1` slots, `$2` worker id. Returns `JobRecord.columnsWithContentVersion`: the content version
    /// comes with the claim, so checking the prepared-campaign cache costs no round trip.
    package static let claim = """
        WITH next AS MATERIALIZED (
          SELECT id FROM generation_jobs
          WHERE \(claimable())
          ORDER BY \(queueOrder())
          LIMIT $1
          FOR NO KEY UPDATE SKIP LOCKED),
        \(takeNext)
        """

    /// The claim that takes companions (Docs/Jobs.md#small-jobs-together): the head of the queue as
    /// `claim` takes it and, when the head fits in one batch, up to `$1` more pending one-batch jobs
    /// of the same site and filters found among the next `4 × $1` in queue order, so that many small
    /// jobs commit in one transaction. `$2` worker id. Same result columns as `claim`.
    ///
    /// `following` reads each of the next jobs once and says whether it fits; `companions` then
    /// locks fitting ones one by one by primary key (the lateral subquery, whose conditions are
    /// checked again on the row it locks), reading `following` in the order it was written (queue
    /// order) and only until it has `$1`. Joining `following` back to the table instead let the
    /// planner rescan `following` for every pending row when the table had no statistics yet (2,000
    /// jobs just inserted: 886,000 comparisons, 0.3–0.7 s per claim).
    package static let claimWithCompanions = """
        WITH head AS MATERIALIZED (
          SELECT id, site_id, filters,
                 target_quantity - coalesce(current_offset, 0) <= coalesce(batch_size, 10) AS single
          FROM generation_jobs
          WHERE \(claimable())
          ORDER BY \(queueOrder())
          LIMIT 1
          FOR NO KEY UPDATE SKIP LOCKED),
        following AS MATERIALIZED (
          SELECT g.id, g.id <> h.id AND \(fitsWithHead) AS fits
          FROM generation_jobs g CROSS JOIN head h
          WHERE \(claimable("g.")) AND h.single
          ORDER BY \(queueOrder("g."))
          LIMIT 4 * $1::int),
        companions AS MATERIALIZED (
          SELECT c.id FROM following f CROSS JOIN head h
          CROSS JOIN LATERAL (
            SELECT g.id FROM generation_jobs g
            WHERE g.id = f.id AND \(claimable("g.")) AND \(fitsWithHead)
            FOR NO KEY UPDATE SKIP LOCKED) c
          WHERE f.fits
          LIMIT $1::int),
        next AS (SELECT id FROM head UNION ALL SELECT id FROM companions),
        \(takeNext)
        """

    /// The fence (Docs/Jobs.md#batches-and-the-fence), the first statement of a batch transaction. `$1`–`$3` fence, `$4` offset before the
    /// batch, `$5` offset after it, `$6` progress. 0 rows: the lease is lost.
    package static let fenceBatch = """
        UPDATE generation_jobs
           SET current_offset = $5, progress = $6, heartbeat_at = now(), updated_at = now()
         WHERE \(fence) AND coalesce(current_offset, 0) = $4
        RETURNING cancel_requested_at
        """

    /// The opening statement of a batch written beside the previous one (`JobStore.commitBatch` with
    /// an ordering), whose fence comes at the commit point: refuses early when the job is no longer
    /// this worker's, without locking its row, and takes the job's shared advisory lock (`jobLockKey`)
    /// for the transaction, by which `endStalledWorkers` finds the session. `$1`–`$3` fence.
    package static let leaseCheck = """
        SELECT cancel_requested_at, pg_advisory_xact_lock_shared(\(jobLockKey("id")))::text
          FROM generation_jobs
         WHERE \(fence)
        """

    /// The advisory lock key of the job whose id is `column`: a 64-bit hash of the id, computed by
    /// the server in both the worker's lock and the reaper's look-up.
    static func jobLockKey(_ column: String) -> String {
        "hashtextextended(\(column)::text, 1128681282)"  // "CFJB"
    }

    /// `fenceBatch` for the job's last batch: the same fence, and the job completes in the same
    /// transaction as its last articles (Docs/Jobs.md#batches-and-the-fence), so no reader ever sees all articles of a
    /// job that is still `processing`, or a `completed` job missing its last batch.
    package static let fenceFinalBatch = """
        UPDATE generation_jobs
           SET current_offset = $5, progress = 100, heartbeat_at = now(), updated_at = now(),
               status = 'completed', finished_at = now(), locked_by = NULL
         WHERE \(fence) AND coalesce(current_offset, 0) = $4
        RETURNING cancel_requested_at
        """

    /// Completes a job with nothing left to write (claimed with `current_offset >= target_quantity`).
    /// `$1`–`$3` fence, `$4` the work_log entries JSON.
    package static let complete = """
        WITH done AS (
          UPDATE generation_jobs
             SET status = 'completed', progress = 100, finished_at = now(), locked_by = NULL, updated_at = now()
           WHERE \(fence)
          RETURNING id),
        logged AS (\(insertLogEntriesIfAny))
        SELECT count(*) FROM done
        """

    /// The capped `errors` append: `$E` is the new entry without `at`; keeps the newest 20.
    static func appendError(_ parameter: String) -> String {
        """
        errors = (SELECT coalesce(jsonb_agg(kept.e ORDER BY kept.n), '[]'::jsonb) FROM (
                    SELECT x.e, x.n FROM jsonb_array_elements(
                        coalesce(errors, '[]'::jsonb)
                        || jsonb_build_array(\(parameter)::jsonb || jsonb_build_object('at', now()))
                    ) WITH ORDINALITY AS x(e, n)
                    ORDER BY x.n DESC LIMIT 20) kept)
        """
    }

    /// The log insert used inside the terminal statements: `$4` holds the entries, written only when
    /// the UPDATE matched (a fenced-out worker logs nothing).
    static let insertLogEntriesIfAny = """
        \(WorkLogInsert.entries("$4"))
        WHERE EXISTS (SELECT 1 FROM done)
        """

    /// Permanent failure (or transient with no attempt left): `failed` at once. `$1`–`$3` fence, `$4`
    /// work_log entries, `$5` last_error, `$6` the errors entry.
    package static let fail = """
        WITH done AS (
          UPDATE generation_jobs
             SET status = 'failed', finished_at = now(), locked_by = NULL, updated_at = now(),
                 last_error = $5, \(appendError("$6"))
           WHERE \(fence)
          RETURNING id),
        logged AS (\(insertLogEntriesIfAny))
        SELECT count(*) FROM done
        """

    /// Transient failure: back to `pending` after `$7` seconds. `$1`–`$3` fence, `$4` work_log entries
    /// (their `details.run_at` is filled in here), `$5` last_error, `$6` the errors entry.
    package static let scheduleRetry = """
        WITH done AS (
          UPDATE generation_jobs
             SET status = 'pending', locked_by = NULL, updated_at = now(),
                 run_at = now() + make_interval(secs => $7::float8),
                 last_error = $5, \(appendError("$6"))
           WHERE \(fence)
          RETURNING id, run_at),
        logged AS (
          \(WorkLogInsert.entries("$4", details: "e->'details' || jsonb_build_object('run_at', done.run_at)")), done)
        SELECT count(*) FROM done
        """

    /// Release (Docs/Jobs.md#shutdown-and-crashes): back to `pending` now, the attempt given back, and a wake-up for other
    /// daemons. `$1`–`$3` fence, `$4` work_log entries.
    package static let release = """
        WITH done AS (
          UPDATE generation_jobs
             SET status = 'pending', locked_by = NULL, run_at = now(), attempt = attempt - 1, updated_at = now()
           WHERE \(fence)
          RETURNING id),
        logged AS (\(insertLogEntriesIfAny)),
        woken AS (SELECT pg_notify('generation_jobs', '') FROM (SELECT 1 FROM done LIMIT 1) one)
        SELECT (SELECT count(*) FROM done), (SELECT count(*) FROM woken)
        """

    /// An operator's cancel seen by the running worker: `cancelled`, committed batches kept.
    /// `$1`–`$3` fence, `$4` work_log entries.
    package static let cancelRunning = """
        WITH done AS (
          UPDATE generation_jobs
             SET status = 'cancelled', finished_at = now(), locked_by = NULL, updated_at = now()
           WHERE \(fence)
          RETURNING id),
        logged AS (\(insertLogEntriesIfAny))
        SELECT count(*) FROM done
        """

    /// After a lost connection: who holds the job now. `$1` job id, `$2` worker, `$3` attempt. Returns
    /// status, locked_by, attempt, current_offset, and whether this worker's attempt logged
    /// `job.completed` (the last batch committed but its acknowledgement was lost).
    package static let ownership = """
        SELECT status, locked_by, attempt, coalesce(current_offset, 0),
               EXISTS (SELECT 1 FROM work_log
                        WHERE entity_id = $1::text AND action = 'job.completed'
                          AND details->>'worker' = $2::text AND (details->>'attempt')::int = $3::int)
        FROM generation_jobs WHERE id = $1
        """

    /// The heartbeat (Docs/Jobs.md#leases-heartbeats-and-the-reaper) for every job this worker runs, in one statement. `$1` worker, `$2` job
    /// ids, `$3` their attempts (parallel arrays). A job missing from the result lost its lease.
    package static let heartbeat = """
        UPDATE generation_jobs j
           SET heartbeat_at = now()
          FROM unnest($2::uuid[], $3::int[]) AS mine(id, attempt)
         WHERE j.id = mine.id AND j.status = 'processing' AND j.locked_by = $1 AND j.attempt = mine.attempt
        RETURNING j.id, j.cancel_requested_at
        """

    /// The reaper (Docs/Jobs.md#leases-heartbeats-and-the-reaper), one statement: jobs whose lease expired go back to `pending` (the first
    /// expiry at once, later ones with backoff: `$2` base seconds, `$3` cap seconds) or to `failed` when
    /// no attempt is left. Rows without a heartbeat (legacy rows, or ones claimed by older versions) age
    /// from `locked_at`, then `updated_at`. The expiry is re-checked inside the UPDATE. `$1` lease seconds.
    /// Returns (reaped, woken).
    package static let reapExpired = """
        WITH expired AS (
          SELECT id, locked_by FROM generation_jobs
          WHERE status = 'processing'
            AND \(leaseExpired())
          FOR NO KEY UPDATE SKIP LOCKED),
        reaped AS (
          UPDATE generation_jobs j
             SET status = CASE WHEN j.attempt >= j.max_attempts THEN 'failed' ELSE 'pending' END,
                 finished_at = CASE WHEN j.attempt >= j.max_attempts THEN now() END,
                 run_at = CASE WHEN j.attempt <= 1 THEN now()
                               ELSE now() + make_interval(secs => least($2::float8 * 2 ^ (j.attempt - 2), $3::float8)
                                                               * (0.9 + random() * 0.2)) END,
                 locked_by = NULL, updated_at = now(),
                 last_error = 'lease expired: worker ' || coalesce(expired.locked_by, '?')
                              || ' stopped heartbeating at offset ' || coalesce(j.current_offset, 0),
                 \(appendError("""
                    jsonb_build_object('attempt', j.attempt, 'worker', expired.locked_by,
                        'offset', coalesce(j.current_offset, 0), 'code', 'lease_expired',
                        'message', 'the worker stopped heartbeating')
                    """))
            FROM expired
           WHERE j.id = expired.id AND j.status = 'processing'
             AND \(leaseExpired("j."))
          RETURNING j.id, j.site_id, j.status, j.attempt, coalesce(j.current_offset, 0) AS current_offset,
                    expired.locked_by AS previous_worker),
        logged AS (
          \(WorkLogInsert.job("'job.lease_expired'",
              details: "jsonb_build_object('previous_worker', previous_worker, 'attempt', attempt, 'offset', current_offset)",
              level: "'warning'", status: "status"))
          FROM reaped),
        woken AS (SELECT pg_notify('generation_jobs', '') FROM (SELECT 1 FROM reaped WHERE status = 'pending' LIMIT 1) one)
        SELECT (SELECT count(*) FROM reaped), (SELECT count(*) FROM woken)
        """

    /// Ends the worker sessions that hold the row of a job whose lease expired (`$1` seconds) while
    /// they wait on their client: a worker process stopped (SIGSTOP, a frozen VM) in the middle of a
    /// batch transaction, whether its server was sending it rows (`ClientWrite`), waiting for the rest
    /// of a pipeline (`active` in `ClientRead`) or idle in the transaction. None of these is ended by
    /// PostgreSQL's statement timeout, and the row stays locked, so the reaper's `SKIP LOCKED` would
    /// pass the expired job by for as long as the process stays stopped. The holder is found by the
    /// row's `xmax` (the locking transaction) against each session's `backend_xid`, and, for a batch
    /// written beside another (`leaseCheck`), which holds no row lock until its commit point, by the
    /// job's shared advisory lock in `pg_locks`. Returns the number of sessions ended (Docs/Jobs.md#leases-heartbeats-and-the-reaper).
    package static let endStalledWorkers = """
        SELECT count(pg_terminate_backend(a.pid))::int8 FROM pg_stat_activity a
         WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.usename = current_user
           AND a.application_name LIKE 'content-factory/worker-%' AND a.wait_event_type = 'Client'
           AND (a.backend_xid IN (
                    SELECT j.xmax FROM generation_jobs j
                     WHERE j.status = 'processing'
                       AND \(leaseExpired("j.")))
                OR a.pid IN (
                    SELECT l.pid FROM pg_locks l
                      JOIN generation_jobs j
                        ON l.classid::int8 = (\(jobLockKey("j.id")) >> 32) & 4294967295
                       AND l.objid::int8 = \(jobLockKey("j.id")) & 4294967295
                     WHERE l.locktype = 'advisory' AND l.objsubid = 1
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND j.status = 'processing'
                       AND \(leaseExpired("j."))))
        """

    /// Docs/Jobs.md#cancel-and-retry: pending jobs an operator cancelled are never claimed; this finalises them as
    /// `cancelled`. Returns the number finalised.
    package static let finaliseCancelledPending = """
        WITH done AS (
          UPDATE generation_jobs
             SET status = 'cancelled', finished_at = now(), updated_at = now()
           WHERE id IN (SELECT id FROM generation_jobs
                         WHERE status = 'pending' AND cancel_requested_at IS NOT NULL
                         FOR NO KEY UPDATE SKIP LOCKED)
             AND status = 'pending' AND cancel_requested_at IS NOT NULL
          RETURNING id, site_id, coalesce(current_offset, 0) AS current_offset),
        logged AS (
          \(WorkLogInsert.job("'job.cancelled'", details: "jsonb_build_object('worker', NULL, 'offset', current_offset)",
              level: "'warning'", status: "'cancelled'"))
          FROM done)
        SELECT count(*) FROM done
        """
}
