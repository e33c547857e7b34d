/// The status page's reads (the counts and workers come from `QueueAdministration` and
/// `WorkerPresence`).
enum StatusPageQueries {
    static let running = """
        SELECT id::text, coalesce(progress, 0), coalesce(current_offset, 0), coalesce(target_quantity, 0), locked_by,
               extract(epoch FROM now() - heartbeat_at)::float8
        FROM generation_jobs
        WHERE status = 'processing'
        ORDER BY started_at NULLS LAST, id
        LIMIT 100
        """

    static let failed = """
        SELECT id::text, coalesce(attempt, 0), last_error, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS')
        FROM generation_jobs
        WHERE status = 'failed'
        ORDER BY updated_at DESC NULLS LAST
        LIMIT 20
        """

    static let recentLog = """
        SELECT id, to_char("timestamp", 'YYYY-MM-DD HH24:MI:SS'), level, action, entity_id, details::text
        FROM work_log
        ORDER BY id DESC
        LIMIT 50
        """
}
