import CLibPQ

extension PostgresConnection {
    /// Transaction isolation levels for `withTransaction(isolation:_:)`.
    public enum IsolationLevel: Sendable, Hashable {
        /// The server's default (normally READ COMMITTED).
        case serverDefault
        /// READ COMMITTED.
        case readCommitted
        /// REPEATABLE READ.
        case repeatableRead
        /// SERIALIZABLE; be ready for SQLSTATE 40001 (`classification == .retryTransaction`).
        case serializable

        var beginStatement: String {
            switch self {
            case .serverDefault: "BEGIN"
            case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
            case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
            }
        }
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws or the task is
    /// cancelled. Not nestable.
    ///
    /// `body` receives this connection, isolated, so its statements run in the transaction. Other tasks
    /// that use the same connection meanwhile would run inside it too: don't share the connection.
    ///
    /// - Throws: `body`'s error (after ROLLBACK); `PostgresError` with code `.cancelled` when the task
    ///   was cancelled; `.invalidState` when a transaction is already open; `.queryFailed` when COMMIT
    ///   fails or the transaction had failed (then it was rolled back), e.g. SQLSTATE 40001.
    @discardableResult
    public func withTransaction<Value: Sendable>(
        isolation level: IsolationLevel = .serverDefault,
        _ body: @Sendable (isolated PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let connection = try liveConnection()
        guard PQtransactionStatus(connection.pointer) == PQTRANS_IDLE else {
            throw PostgresError(code: .invalidState, message: "a transaction is already open on this connection")
        }
        if Task.isCancelled { throw Self.cancelledError() }
        _ = try rows(from: PQexec(connection.pointer, level.beginStatement), connection: connection)
        let value: Value
        do {
            value = try await body(self)
        } catch {
            rollBackIgnoringCancellation()
            throw error
        }
        if Task.isCancelled {
            rollBackIgnoringCancellation()
            throw Self.cancelledError()
        }
        // COMMIT is not cancellable: once sent, the outcome should be known, not guessed.
        let current = try liveConnection()
        let commit = try rows(from: PQexec(current.pointer, "COMMIT"), connection: current)
        if commit.commandTag == "ROLLBACK" {
            throw PostgresError(code: .queryFailed, message: "the transaction was rolled back because a statement in it failed", sqlState: "25P02")
        }
        return value
    }
}
