import CLibPQ
import Foundation
import Logging

/// One PostgreSQL connection (libpq), with its own OS thread.
///
/// Every libpq call blocks, so the actor runs on a custom serial executor that owns one dedicated
/// thread: blocking here never stalls Swift's cooperative pool, and N connections can run N statements
/// at once. Calls are serialized in arrival order.
///
/// - Parameters go as text (`PostgresEncodable`), rows come back as text copied into Swift storage
///   (`PostgresRows`), decoded with `PostgresDecodable`.
/// - Cancelling the calling task cancels the running statement on the server (`PQcancel`) and the call
///   throws `PostgresError` with code `.cancelled`; the connection stays usable.
/// - After a lost connection, calls throw `.connectionLost` (classification `.reconnect`) until
///   `ensureConnected()` / `reconnect()` succeed. Nothing reconnects implicitly.
/// - `close()` ends the session and stops the thread; later calls throw `.closed`.
///
/// A connection is one session: the actor serializes calls, but a transaction (`withTransaction`) or a
/// LISTEN spans several calls, so share a connection between tasks only when that is intended.
public actor PostgresConnection {
    /// The configuration this connection was opened with (prints redacted).
    public nonisolated let configuration: PostgresConfiguration
    let logger: Logger
    nonisolated let executor: ConnectionThreadExecutor
    nonisolated let canceller = QueryCanceller()
    nonisolated let wakeUp: WakeUpSignal

    var handle: ConnectionHandle?
    var isClosed = false
    /// Channels to LISTEN on again after a reconnect.
    var listenedChannels: [String] = []
    var redactor: SecretRedactor

    /// Runs every job of this actor on the connection's own thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    init(configuration: PostgresConfiguration, logger: Logger = Logger(label: "PostgresClient")) throws {
        self.configuration = configuration
        self.logger = logger
        wakeUp = try WakeUpSignal()
        executor = ConnectionThreadExecutor(name: "postgres-conn")
        redactor = SecretRedactor(secrets: configuration.secrets, connectionString: configuration.connectionString)
    }

    deinit {
        executor.shutdown()
    }

    /// Opens a connection.
    ///
    /// Blocks (on the connection's own thread) for at most the connect timeout per host; not
    /// interruptible by task cancellation while libpq connects.
    ///
    /// - Throws: `PostgresError` with code `.connectionFailed` (wrong password, unreachable host,
    ///   unknown database, ...), whose description never contains the password.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger = Logger(label: "PostgresClient")) async throws -> PostgresConnection {
        let connection = try PostgresConnection(configuration: configuration, logger: logger)
        do {
            try await connection.open()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Opens a connection from a `postgresql://` URI, a `key=value` string, or `""` for libpq's
    /// environment defaults, with the default client settings.
    ///
    /// - Throws: `PostgresError` with code `.invalidConfiguration` for a malformed string, or as
    ///   `connect(_:logger:)`.
    public static func connect(_ connectionString: String = "", logger: Logger = Logger(label: "PostgresClient")) async throws -> PostgresConnection {
        try await connect(try PostgresConfiguration(connectionString), logger: logger)
    }

    /// Whether the session is open and libpq considers it healthy. A dead server is only noticed on the
    /// next statement; use `SELECT 1` to probe.
    public var isConnected: Bool {
        handle?.status == CONNECTION_OK
    }

    /// The server process ID of this session (for `pg_terminate_backend`, logs), or `nil` when not connected.
    public var backendPID: Int32? {
        handle.map { PQbackendPID($0.pointer) }
    }

    /// Closes the session (`PQfinish`) and stops the connection's thread. Idempotent; later calls throw
    /// `PostgresError` with code `.closed`.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        canceller.replace(with: nil)
        handle = nil
        executor.shutdown()
        logger.debug("postgres connection closed")
    }

    /// Runs a statement with parameters (`$1`, `$2`, ...) and returns its rows.
    ///
    /// One statement only (extended protocol). Parameters go as text; `nil` is NULL.
    ///
    /// - Throws: `PostgresError`: `.queryFailed` with the server's SQLSTATE and fields, `.cancelled`
    ///   when the task is cancelled, `.connectionLost`, `.closed`, `.encodeFailed` for a bad parameter.
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) async throws -> PostgresRows {
        let (texts, types) = try Self.encode(parameters)
        return try await cancellable { connection in
            let raw = withCStringArray(texts) { values in
                PQexecParams(connection.pointer, sql, Int32(values.count), types, values, nil, nil, 0)
            }
            return try self.rows(from: raw, connection: connection)
        }
    }

    /// Runs a statement with parameters and returns the number of rows it affected (0 for commands
    /// without a count).
    ///
    /// - Throws: as `query(_:_:)`.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) async throws -> Int {
        try await query(sql, parameters).affectedRows ?? 0
    }

    /// Runs one or more `;`-separated statements without parameters (simple query protocol), e.g. a
    /// migration file, and returns the last statement's rows. Statements run in order and stop at the
    /// first error; unless the script has its own BEGIN/COMMIT, each statement commits on its own.
    ///
    /// - Throws: as `query(_:_:)`.
    @discardableResult
    public func executeScript(_ sql: String) async throws -> PostgresRows {
        try await cancellable { connection in
            try self.rows(from: PQexec(connection.pointer, sql), connection: connection)
        }
    }

    /// Quotes `identifier` for SQL with libpq's `PQescapeIdentifier` (e.g. `my "table"` becomes
    /// `"my ""table"""`).
    ///
    /// - Throws: `PostgresError` with code `.connectionLost` / `.closed` without a session, or
    ///   `.encodeFailed` when libpq rejects the text.
    public func quoteIdentifier(_ identifier: String) throws -> String {
        let connection = try liveConnection()
        guard let quoted = PQescapeIdentifier(connection.pointer, identifier, identifier.utf8.count) else {
            throw PostgresError(code: .encodeFailed, message: "cannot quote identifier: \(redactor.redact(connection.errorMessage))")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    // MARK: - Internals shared by the extensions

    /// Connects (blocking, on the connection thread) and installs the new session.
    func open() throws {
        guard !isClosed else { throw Self.closedError() }
        let parameters = configuration.connectParameters()
        let raw = withCStringArray(parameters.map(\.0) + [nil]) { keywords in
            withCStringArray(parameters.map(\.1) + [nil]) { values in
                PQconnectdbParams(keywords, values, 1)
            }
        }
        guard let raw else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        let connection = ConnectionHandle(pointer: raw, logger: logger)
        // The effective password (explicit, PGPASSWORD) is known now, also after a failed attempt.
        redactor = SecretRedactor(secrets: configuration.secrets + Self.passwords(of: raw), connectionString: configuration.connectionString)
        guard connection.status == CONNECTION_OK else {
            let message = Self.foldedConnectMessage(redactor.redact(connection.errorMessage))
            throw PostgresError(code: .connectionFailed, message: message)
        }
        if let dateStyle = PQparameterStatus(raw, "DateStyle"), !String(cString: dateStyle).hasPrefix("ISO") {
            // Date decoding reads ISO output only.
            _ = try rows(from: PQexec(raw, "SET DateStyle TO ISO"), connection: connection)
        }
        handle = connection
        canceller.replace(with: raw)
        var metadata: Logger.Metadata = ["postgres.backend_pid": "\(PQbackendPID(raw))"]
        metadata["postgres.server"] = "\(configuration.redactedDescription)"
        logger.debug("postgres connected", metadata: metadata)
    }

    /// libpq's connect error on one line, keeping every host it tried: with a multi-host URL each
    /// `connection to server at …` line is one host's reason (`; ` between hosts), and its
    /// continuation lines (`Is the server running …?`) stay with it.
    static func foldedConnectMessage(_ message: String) -> String {
        var folded = ""
        for line in message.split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if !folded.isEmpty { folded += text.hasPrefix("connection to server") ? "; " : " " }
            folded += text
        }
        return folded
    }

    /// The session, or the error explaining why there is none.
    func liveConnection() throws -> ConnectionHandle {
        if isClosed { throw Self.closedError() }
        guard let handle else {
            throw PostgresError(code: .connectionLost, message: "not connected; call ensureConnected() to reconnect")
        }
        return handle
    }

    /// Runs blocking `body` on the connection thread; if the task is cancelled meanwhile, asks the
    /// server to cancel the running statement.
    func cancellable<Value>(_ body: (ConnectionHandle) throws -> Value) async throws -> Value {
        let connection = try liveConnection()
        if Task.isCancelled { throw Self.cancelledError() }
        return try await withTaskCancellationHandler {
            // Touching `self` makes this closure actor-isolated; a closure that does not capture the
            // isolated `self` is nonisolated and would run (and block) on the global pool.
            self.preconditionIsolated("blocking libpq call off the connection thread")
            return try body(connection)
        } onCancel: { [canceller] in
            canceller.requestCancel()
        }
    }

    /// Takes ownership of a result from `PQexec*`, checks it, and copies its rows out.
    func rows(from raw: OpaquePointer?, connection: ConnectionHandle) throws -> PostgresRows {
        guard let raw else { throw connectionError(connection) }
        let result = OwnedResult(raw)
        switch result.status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return PostgresRows(copying: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            let status = result.status
            _ = consume result
            abandonCopy(status, connection: connection)
            throw PostgresError(code: .protocolViolation, message: "COPY is not supported here; use copyFromStdin")
        default:
            throw serverError(result, connection: connection, code: .queryFailed)
        }
    }

    /// Ends an unexpected COPY so the session is usable again, discarding its data.
    func abandonCopy(_ status: ExecStatusType, connection: ConnectionHandle) {
        if status == PGRES_COPY_IN || status == PGRES_COPY_BOTH {
            _ = PQputCopyEnd(connection.pointer, "COPY is not supported by this call")
        }
        if status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(connection.pointer, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        }
        drainResults(connection)
    }

    /// Reads and clears the results still pending, so the next command starts clean.
    func drainResults(_ connection: ConnectionHandle) {
        while let pending = PQgetResult(connection.pointer) {
            PQclear(pending)
        }
    }

    /// A `PostgresError` from a failed result, with every diagnostic field.
    func serverError(_ result: borrowing OwnedResult, connection: ConnectionHandle, code: PostgresError.Code) -> PostgresError {
        func field(_ name: Int32) -> String? {
            PQresultErrorField(result.pointer, name).map { redactor.redact(String(cString: $0)) }
        }
        let sqlState = field(CLibPQ_DIAG_SQLSTATE)
        var message = field(CLibPQ_DIAG_MESSAGE_PRIMARY)
        if message == nil {
            message = PQresultErrorMessage(result.pointer).map { redactor.redact(String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        var effectiveCode = code
        if sqlState == "57014" && Task.isCancelled {
            effectiveCode = .cancelled
        } else if connection.status == CONNECTION_BAD {
            effectiveCode = .connectionLost
        }
        return PostgresError(
            code: effectiveCode,
            message: (message?.isEmpty == false ? message : nil) ?? connectionError(connection).message,
            sqlState: sqlState,
            severity: field(CLibPQ_DIAG_SEVERITY_NONLOCALIZED) ?? field(CLibPQ_DIAG_SEVERITY),
            detail: field(CLibPQ_DIAG_MESSAGE_DETAIL),
            hint: field(CLibPQ_DIAG_MESSAGE_HINT),
            constraint: field(CLibPQ_DIAG_CONSTRAINT_NAME),
            schema: field(CLibPQ_DIAG_SCHEMA_NAME),
            table: field(CLibPQ_DIAG_TABLE_NAME),
            column: field(CLibPQ_DIAG_COLUMN_NAME)
        )
    }

    /// An error from the connection's own message (no result to read fields from).
    func connectionError(_ connection: ConnectionHandle) -> PostgresError {
        let message = redactor.redact(connection.errorMessage)
        let code: PostgresError.Code = connection.status == CONNECTION_BAD ? .connectionLost : .queryFailed
        return PostgresError(code: code, message: message.isEmpty ? "libpq reported no error message" : message)
    }

    static func closedError() -> PostgresError {
        PostgresError(code: .closed, message: "the connection was closed")
    }

    static func cancelledError() -> PostgresError {
        PostgresError(code: .cancelled, message: "cancelled: the calling task was cancelled")
    }

    static func encode(_ parameters: [(any PostgresEncodable)?]) throws -> ([String?], [Oid]) {
        var texts: [String?] = []
        var types: [Oid] = []
        texts.reserveCapacity(parameters.count)
        types.reserveCapacity(parameters.count)
        for (index, parameter) in parameters.enumerated() {
            guard let parameter else {
                texts.append(nil)
                types.append(0)
                continue
            }
            do {
                texts.append(try parameter.postgresText())
            } catch var error as PostgresError {
                error.message = "parameter $\(index + 1): " + error.message
                throw error
            }
            types.append(Oid(type(of: parameter).postgresTypeOID))
        }
        return (texts, types)
    }

    /// The password libpq resolved for `connection` (explicit or `PGPASSWORD`), for scrubbing messages.
    private static func passwords(of connection: OpaquePointer) -> [String] {
        guard let options = PQconninfo(connection) else { return [] }
        defer { PQconninfoFree(options) }
        var found: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val {
                found.append(String(cString: value))
            }
            option += 1
        }
        return found
    }
}
