extension PostgresError {
    /// Whether to retry the transaction, reconnect, or give up: the one place that decides it for
    /// every caller (statements, reconnect attempts, the queue's job runner and services).
    ///
    /// - `.retryTransaction`: SQLSTATE 40001 (serialization_failure) or 40P01 (deadlock_detected).
    /// - `.reconnect`: connect failures, a lost connection, SQLSTATE class 08 (connection exception),
    ///   57P01 (admin_shutdown), 57P02 (crash_shutdown), 57P03 (cannot_connect_now), and 25006
    ///   (read_only_sql_transaction: after a failover the session is on a server that is a standby
    ///   now; a new connection with `target_session_attrs=read-write` finds the new primary).
    /// - `.permanent`: everything else, including cancellation and decode errors.
    public var classification: Classification {
        if let sqlState {
            switch sqlState {
            case "40001", "40P01":
                return .retryTransaction
            case "57P01", "57P02", "57P03", "25006":
                return .reconnect
            default:
                if sqlState.hasPrefix("08") { return .reconnect }
            }
        }
        if code == .connectionFailed || code == .connectionLost { return .reconnect }
        return .permanent
    }

    /// The classification of any error: a `PostgresError`'s own, `.permanent` for anything else.
    public static func classification(of error: any Error) -> Classification {
        (error as? PostgresError)?.classification ?? .permanent
    }
}
