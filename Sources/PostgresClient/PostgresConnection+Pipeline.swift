import CLibPQ

/// One statement of a pipeline: SQL with `$n` parameters, as for `PostgresConnection.query`.
public struct PostgresStatement: Sendable {
    /// One statement (extended protocol); no `;`-separated scripts, no COPY.
    public var sql: String
    /// Its parameters; `nil` is NULL.
    public var parameters: [(any PostgresEncodable)?]
    /// Whether to run it as a named prepared statement of this session: parsed and planned once per
    /// session (the server may then keep a generic plan) instead of at every call. It is prepared in
    /// the same pipeline as its first execution, and again after a reconnect. Needs session pooling,
    /// or PgBouncer 1.21+ with `max_prepared_statements`, between client and server. The parameter
    /// types of the first call stay those of the statement.
    public var prepared: Bool

    /// - Parameters: the statement, its parameters, and whether to prepare it (see `prepared`).
    public init(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], prepared: Bool = false) {
        self.sql = sql
        self.parameters = parameters
        self.prepared = prepared
    }

    /// The session-wide name of a prepared statement: derived from its text, so equal SQL shares it.
    var preparedName: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return "cf_" + String(hash, radix: 16)
    }
}

extension PostgresConnection {
    /// Runs `statements` in one round trip (libpq pipeline mode) and returns their rows, in order.
    ///
    /// Every statement is sent at once, followed by one sync point; the server runs them in order.
    /// - Outside a transaction the statements form one implicit transaction: all commit at the sync
    ///   point, or none does.
    /// - A pipeline may open and end its own transaction (`BEGIN` … `COMMIT` as statements).
    /// - The first failing statement aborts the rest (the server skips them). The call throws that
    ///   statement's `PostgresError` (its message starts `pipeline statement N:`) after reading every result, so the
    ///   session is usable. A transaction the pipeline opened is rolled back; inside a caller's
    ///   `withTransaction`, that transaction is failed and its ROLLBACK is the caller's.
    ///
    /// Statements go unnamed (Parse/Bind/Execute each time): nothing to prepare again after a
    /// reconnect, and safe behind PgBouncer in transaction mode.
    ///
    /// - Throws: `PostgresError`: `.queryFailed` (the failing statement's SQLSTATE and fields),
    ///   `.cancelled`, `.connectionLost`, `.closed`, `.encodeFailed` (nothing is sent),
    ///   `.protocolViolation` for a statement that starts COPY.
    public func pipeline(_ statements: [PostgresStatement]) async throws -> [PostgresRows] {
        if statements.isEmpty { return [] }
        let encoded = try statements.enumerated().map { index, statement in
            do {
                return try Self.encode(statement.parameters)
            } catch var error as PostgresError {
                error.message = "pipeline statement \(index + 1): " + error.message
                throw error
            }
        }
        return try await cancellable { connection in
            try runPipeline(statements, encoded: encoded, connection: connection)
        }
    }

    private func runPipeline(_ statements: [PostgresStatement], encoded: [([String?], [Oid])],
                             connection: ConnectionHandle) throws -> [PostgresRows] {
        let pointer = connection.pointer
        let startedIdle = PQtransactionStatus(pointer) == PQTRANS_IDLE
        guard PQenterPipelineMode(pointer) == 1 else { throw connectionError(connection) }
        var sent = 0
        var sendFailure: PostgresError?
        // Statements prepared by this pipeline (a Parse result comes before their own).
        var preparing: [Int: String] = [:]
        for (index, (statement, (texts, types))) in zip(statements, encoded).enumerated() {
            var accepted: Int32
            if statement.prepared {
                let name = statement.preparedName
                accepted = 1
                if !connection.preparedStatements.contains(name) && !preparing.values.contains(name) {
                    accepted = PQsendPrepare(pointer, name, statement.sql, Int32(types.count), types)
                    if accepted == 1 { preparing[index] = name }
                }
                if accepted == 1 {
                    accepted = withCStringArray(texts) { values in
                        PQsendQueryPrepared(pointer, name, Int32(values.count), values, nil, nil, 0)
                    }
                }
            } else {
                accepted = withCStringArray(texts) { values in
                    PQsendQueryParams(pointer, statement.sql, Int32(values.count), types, values, nil, nil, 0)
                }
            }
            guard accepted == 1 else {
                sendFailure = connectionError(connection)
                break
            }
            sent += 1
        }
        if PQpipelineSync(pointer) != 1 {
            // The connection broke; nothing more can be read. Leave pipeline mode as far as libpq lets us.
            let error = sendFailure ?? connectionError(connection)
            _ = PQexitPipelineMode(pointer)
            throw error
        }

        var results: [PostgresRows] = []
        results.reserveCapacity(sent)
        var failure: PostgresError?
        for index in 0..<sent {
            if let name = preparing[index] {
                // The Parse of a statement prepared here: its result, then NULL.
                var prepared = false
                while let raw = PQgetResult(pointer) {
                    let result = OwnedResult(raw)
                    if result.status == PGRES_COMMAND_OK {
                        prepared = true
                    } else if result.status != PGRES_PIPELINE_ABORTED, failure == nil {
                        var error = serverError(result, connection: connection, code: .queryFailed)
                        error.message = "pipeline statement \(index + 1): " + error.message
                        failure = error
                    }
                }
                if prepared { connection.preparedStatements.insert(name) }
            }
            // Each statement yields its result, then NULL.
            var rows: PostgresRows?
            while let raw = PQgetResult(pointer) {
                let result = OwnedResult(raw)
                switch result.status {
                case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                    rows = PostgresRows(copying: result)
                case PGRES_PIPELINE_ABORTED:
                    break
                case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                    if result.status != PGRES_COPY_OUT { _ = PQputCopyEnd(pointer, "COPY is not supported in a pipeline") }
                    if failure == nil {
                        failure = PostgresError(code: .protocolViolation, message: "pipeline statement \(index + 1): COPY is not supported in a pipeline")
                    }
                default:
                    if failure == nil {
                        var error = serverError(result, connection: connection, code: .queryFailed)
                        error.message = "pipeline statement \(index + 1): " + error.message
                        failure = error
                    }
                }
            }
            if connection.status == CONNECTION_BAD {
                _ = PQexitPipelineMode(pointer)
                throw failure ?? connectionError(connection)
            }
            if let rows { results.append(rows) }
        }
        // The sync point's own result. An implicit transaction commits here, so an error can come in
        // its place after every statement succeeded: a deferred constraint's, or the server's FATAL
        // when it ended the session (then libpq may not yet know the connection is gone). After such
        // an error come a NULL and the sync itself, unless the session is gone.
        var synced = false
        var ends = 0
        while ends < 2 {
            guard let raw = PQgetResult(pointer) else {
                ends += 1
                if failure == nil || connection.status == CONNECTION_BAD { break }
                continue
            }
            let result = OwnedResult(raw)
            if result.status == PGRES_PIPELINE_SYNC {
                synced = true
                break
            }
            if result.status == PGRES_FATAL_ERROR, failure == nil {
                var error = serverError(result, connection: connection, code: .queryFailed)
                error.message = "pipeline sync point: " + error.message
                failure = error
            }
        }
        if !synced {
            if var error = failure {
                // The error libpq made itself when the server went away ("server closed the connection
                // unexpectedly": no SQLSTATE) can come before libpq marks the connection bad; with no
                // sync point the session is gone either way, and only a reconnect helps.
                if error.code == .queryFailed { error.code = .connectionLost }
                failure = error
            } else {
                failure = PostgresError(code: .connectionLost, message: "the server sent no result for the pipeline's sync point: "
                                        + connectionError(connection).message)
            }
        }
        if PQexitPipelineMode(pointer) != 1 {
            let error = connectionError(connection)
            drainResults(connection)
            _ = PQexitPipelineMode(pointer)
            throw failure ?? sendFailure ?? error
        }
        if let error = failure ?? sendFailure {
            // A prepared statement the session no longer has (a pooling proxy changed the server
            // session under us): prepare again on next use.
            if error.sqlState == "26000" { connection.preparedStatements.removeAll() }
            // A transaction this pipeline opened (BEGIN in it) must not outlive the call.
            if startedIdle, PQtransactionStatus(pointer) != PQTRANS_IDLE, connection.status == CONNECTION_OK {
                PQclear(PQexec(pointer, "ROLLBACK"))
            }
            throw error
        }
        guard results.count == statements.count else {
            throw PostgresError(code: .protocolViolation, message: "pipeline returned \(results.count) results for \(statements.count) statements")
        }
        return results
    }
}

/// How the body of `PostgresConnection.withPipelinedTransaction` ends its transaction.
public enum PipelinedTransactionEnd<Value: Sendable>: Sendable {
    /// Run `closing` and COMMIT, all in one round trip, then return `value`.
    case commit(closing: [PostgresStatement], value: Value)
    /// ROLLBACK (e.g. a fenced update matched nothing), then return `value`.
    case rollBack(Value)
}

extension PostgresConnection {
    /// A transaction in as few round trips as its logic allows: BEGIN and `opening` in one pipeline;
    /// `body` reads their rows (and may run more statements in the transaction), then names the
    /// statements to run last, sent together with the COMMIT. A transaction of two round trips when
    /// the body needs none of its own.
    ///
    /// Like `withTransaction`: ROLLBACK when the body throws, a statement fails or the task is
    /// cancelled (the ROLLBACK itself ignores cancellation); not nestable.
    ///
    /// - Throws: the body's error, or `PostgresError` (`.queryFailed` naming the failing pipeline
    ///   statement; SQLSTATE 25P02 when the COMMIT reported a rollback; `.invalidState` inside a
    ///   transaction; `.cancelled`).
    public func withPipelinedTransaction<Value: Sendable>(
        opening: [PostgresStatement],
        _ body: @Sendable (isolated PostgresConnection, [PostgresRows]) async throws -> PipelinedTransactionEnd<Value>
    ) async throws -> Value {
        let connection = try liveConnection()
        guard PQtransactionStatus(connection.pointer) == PQTRANS_IDLE else {
            throw PostgresError(code: .invalidState, message: "a transaction is already open on this connection")
        }
        do {
            let rows = try await pipeline([PostgresStatement("BEGIN")] + opening)
            switch try await body(self, Array(rows.dropFirst())) {
            case .rollBack(let value):
                rollBackIgnoringCancellation()
                return value
            case .commit(let closing, let value):
                if Task.isCancelled { throw Self.cancelledError() }
                let results = try await pipeline(closing + [PostgresStatement("COMMIT")])
                if results.last?.commandTag == "ROLLBACK" {
                    throw PostgresError(code: .queryFailed, message: "the transaction was rolled back because a statement in it failed", sqlState: "25P02")
                }
                return value
            }
        } catch {
            rollBackIgnoringCancellation()
            throw error
        }
    }

    /// ROLLBACK when a transaction is open, whatever the task's cancellation; a lost connection has
    /// rolled back anyway.
    func rollBackIgnoringCancellation() {
        guard let connection = handle, connection.status == CONNECTION_OK,
              PQtransactionStatus(connection.pointer) != PQTRANS_IDLE else { return }
        do {
            _ = try rows(from: PQexec(connection.pointer, "ROLLBACK"), connection: connection)
        } catch {
            logger.warning("postgres ROLLBACK failed: \(error)")
        }
    }
}
