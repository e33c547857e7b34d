/// The catalog reads of `doctor`.
enum DoctorQueries {
    static let triggers = """
        SELECT t.tgname::text, c.relname::text
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND n.nspname = ANY (current_schemas(false))
        """

    static let functions = """
        SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY (current_schemas(false))
        """

    static let indexes = """
        SELECT i.relname::text, t.relname::text
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = ANY (current_schemas(false))
        """

    /// The connections the server allows a non-superuser, and how many client sessions it has now.
    static let connections = """
        SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int,
               (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int
        """

    static let timeouts = """
        SELECT current_user::text, current_setting('idle_in_transaction_session_timeout'), current_setting('statement_timeout')
        """

    static let autovacuum = """
        SELECT current_setting('autovacuum'), array_to_string(c.reloptions, ','), s.n_dead_tup::bigint, s.n_live_tup::bigint
        FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE c.oid = to_regclass('generation_jobs')
        """
}
