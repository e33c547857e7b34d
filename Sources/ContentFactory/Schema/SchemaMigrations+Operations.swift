extension SchemaMigrations {
    /// Version 7: one row per daemon process, renewed by its heartbeat, so `status` can tell a
    /// running worker from a stopped one and from one that vanished without a word (SIGKILL, a host
    /// that went away). The daemon deletes rows a day after their worker stopped or was last seen,
    /// so the table holds about as many rows as daemons started in a day.
    static let workerPresence = """
        CREATE TABLE IF NOT EXISTS content_factory_workers (
            id text PRIMARY KEY,
            version text NOT NULL,
            concurrency integer NOT NULL,
            -- The worker's own lease: it counts as lost once last_seen is older than this.
            lease_seconds double precision NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            last_seen timestamptz NOT NULL DEFAULT now(),
            stopped_at timestamptz
        );

        """
}
