extension PostgresError {
    /// Whether to retry the transaction, reconnect, or give up.
    ///
    /// - `.retryTransaction`: SQLSTATE 40001 (serialization_failure) or 40P01 (deadlock_detected).
    /// - `.reconnect`: connect failures, a lost connection, SQLSTATE class 08 (connection exception),
    ///   57P01 (admin_shutdown), 57P02 (crash_shutdown), 57P03 (cannot_connect_now).
    /// - `.permanent`: everything else, including cancellation and decode errors.
    public var classification: Classification {
        if let sqlState {
            switch sqlState {
            case "40001", "40P01":
                return .retryTransaction
            case "57P01", "57P02", "57P03":
                return .reconnect
            default:
                if sqlState.hasPrefix("08") { return .reconnect }
            }
        }
        if code == .connectionFailed || code == .connectionLost { return .reconnect }
        return .permanent
    }
}
