/// An error from the PostgreSQL client: a failed connect, a failed statement, a value that does not
/// decode, a failed COPY, a cancelled or closed connection.
///
/// Server errors keep the fields PostgreSQL reports (SQLSTATE, severity, message, detail, hint,
/// constraint, schema, table, column). `description` never contains a password: messages that come
/// from libpq are scrubbed of the connection's password before they are stored here.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: new codes may be added; switch with a `default`.
    /// The raw values are lowerCamelCase, unlike the `E_…` codes of the other modules: they reach `last_error`
    /// (when the server gave no SQLSTATE) and operators match them, so their text stays (Docs/Architecture.md#errors).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable string, e.g. `queryFailed`.
        public let rawValue: String
        /// Creates a code from its stable string; use the static members rather than inventing names.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// The connection string or URL is malformed.
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        /// Connecting (or reconnecting) failed: unreachable host, bad password, unknown database, ...
        public static let connectionFailed = Code(rawValue: "connectionFailed")
        /// An established connection broke (server gone, backend terminated, network failure).
        public static let connectionLost = Code(rawValue: "connectionLost")
        /// The server rejected a statement; see `sqlState`.
        public static let queryFailed = Code(rawValue: "queryFailed")
        /// A parameter could not be encoded (e.g. text with a NUL byte) or JSON encoding failed.
        public static let encodeFailed = Code(rawValue: "encodeFailed")
        /// A column value could not be decoded as the requested type; see `column`, `rowIndex`, `value`.
        public static let decodeFailed = Code(rawValue: "decodeFailed")
        /// A `COPY ... FROM STDIN` failed; server-side failures carry the `sqlState`.
        public static let copyFailed = Code(rawValue: "copyFailed")
        /// The Swift task was cancelled; a running statement was cancelled on the server.
        public static let cancelled = Code(rawValue: "cancelled")
        /// The connection was closed with `close()`.
        public static let closed = Code(rawValue: "closed")
        /// The call does not fit the connection's state (e.g. a transaction inside a transaction).
        public static let invalidState = Code(rawValue: "invalidState")
        /// The server answered in a way this client does not handle (e.g. an unexpected COPY OUT).
        public static let protocolViolation = Code(rawValue: "protocolViolation")
    }

    /// What a caller should do about an error.
    public enum Classification: Sendable, Hashable {
        /// Run the whole transaction again: serialization failure (40001) or deadlock (40P01).
        case retryTransaction
        /// The connection is gone or unusable: reconnect (see `PostgresConnection.ensureConnected()`), then retry.
        case reconnect
        /// Retrying will not help: fix the statement, the data or the configuration.
        case permanent
    }

    /// The kind of failure.
    public var code: Code
    /// The primary, human-readable message (the server's primary message for server errors).
    public var message: String
    /// The five-character SQLSTATE, e.g. `23505`, when the server (or libpq) reported one.
    public var sqlState: String?
    /// The non-localized severity, e.g. `ERROR` or `FATAL`.
    public var severity: String?
    /// The server's DETAIL line.
    public var detail: String?
    /// The server's HINT line.
    public var hint: String?
    /// The constraint involved (e.g. for 23505 unique_violation).
    public var constraint: String?
    /// The schema of the table involved.
    public var schema: String?
    /// The table involved.
    public var table: String?
    /// The column involved: from the server, or the column that failed to decode.
    public var column: String?
    /// For decode failures: the 0-based row index in the result.
    public var rowIndex: Int?
    /// For decode failures: the text that did not decode (truncated to 200 characters).
    public var value: String?

    /// Creates an error; the client creates these, callers normally only inspect them.
    public init(
        code: Code, message: String, sqlState: String? = nil, severity: String? = nil,
        detail: String? = nil, hint: String? = nil, constraint: String? = nil, schema: String? = nil,
        table: String? = nil, column: String? = nil, rowIndex: Int? = nil, value: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.severity = severity
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.schema = schema
        self.table = table
        self.column = column
        self.rowIndex = rowIndex
        self.value = value
    }

    /// One line with everything known, e.g.
    /// `queryFailed: ERROR 23505: duplicate key value violates unique constraint "t_pkey" (detail: ...)`.
    public var description: String {
        var text = "\(code): "
        if let severity { text += severity + " " }
        if let sqlState { text += sqlState + ": " }
        text += message
        var extras: [String] = []
        if let detail { extras.append("detail: \(detail)") }
        if let hint { extras.append("hint: \(hint)") }
        if let constraint { extras.append("constraint: \(constraint)") }
        if let table { extras.append("table: \(schema.map { $0 + "." } ?? "")\(table)") }
        if let column { extras.append("column: \(column)") }
        if let rowIndex { extras.append("row: \(rowIndex)") }
        if let value { extras.append("value: \(value.debugDescription)") }
        if !extras.isEmpty { text += " (" + extras.joined(separator: ", ") + ")" }
        return text
    }
}
