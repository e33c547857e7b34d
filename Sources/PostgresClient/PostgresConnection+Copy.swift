import CLibPQ

extension PostgresConnection {
    /// Bytes buffered before each `PQputCopyData`: large enough that per-call overhead vanishes.
    static let copyChunkSize = 1 << 20

    /// Streams rows into `COPY ... FROM STDIN` (text format) and returns how many rows the server stored.
    ///
    /// `statement` is the whole COPY command, e.g. `COPY items (name, price) FROM STDIN`; write it
    /// from constants (use `quoteIdentifier` for dynamic names). After the data the server's real result
    /// is read, so a bad row fails the call with its SQLSTATE (e.g. 22P02) and the session stays usable.
    /// COPY is all-or-nothing: on failure no row is stored.
    ///
    /// - Throws: `PostgresError`: `.copyFailed` with the server's SQLSTATE, `.cancelled` (the COPY is
    ///   aborted), `.connectionLost`, `.closed`.
    @discardableResult
    public func copyFromStdin(_ statement: String, rows: some Sequence<[String?]>) async throws -> Int {
        try await copyFromStdin(statement, rows: rows) { row, encoder in
            for field in row { encoder.append(field) }
        }
    }

    /// Streams typed rows into `COPY ... FROM STDIN`: `encode` appends one row's fields to the encoder
    /// (the row end is written for it).
    ///
    /// - Throws: as `copyFromStdin(_:rows:)`; an error thrown by `encode` aborts the COPY (nothing is
    ///   stored) and is rethrown.
    @discardableResult
    public func copyFromStdin<Rows: Sequence>(
        _ statement: String, rows: Rows, encode: (Rows.Element, inout PostgresCopyRowEncoder) throws -> Void
    ) async throws -> Int {
        try await cancellable { connection in
            try runCopy(statement, rows: rows, encode: encode, connection: connection)
        }
    }

    /// `COPY schema.table (columns...) FROM STDIN` with every name quoted by `quoteIdentifier`.
    ///
    /// - Throws: as `copyFromStdin(_:rows:)`.
    @discardableResult
    public func copy(rows: some Sequence<[String?]>, into table: String, schema: String? = nil, columns: [String]) async throws -> Int {
        var target = try quoteIdentifier(table)
        if let schema { target = try quoteIdentifier(schema) + "." + target }
        let columnList = try columns.map { try quoteIdentifier($0) }.joined(separator: ", ")
        return try await copyFromStdin("COPY \(target) (\(columnList)) FROM STDIN", rows: rows)
    }

    private func runCopy<Rows: Sequence>(
        _ statement: String, rows: Rows, encode: (Rows.Element, inout PostgresCopyRowEncoder) throws -> Void,
        connection: ConnectionHandle
    ) throws -> Int {
        guard let raw = PQexec(connection.pointer, statement) else { throw connectionError(connection) }
        do {
            let start = OwnedResult(raw)
            guard start.status == PGRES_COPY_IN else {
                if start.status == PGRES_FATAL_ERROR || start.status == PGRES_BAD_RESPONSE {
                    throw serverError(start, connection: connection, code: .copyFailed)
                }
                let status = start.status
                _ = consume start
                abandonCopy(status, connection: connection)
                throw PostgresError(code: .protocolViolation, message: "statement did not start COPY FROM STDIN")
            }
        }

        var encoder = PostgresCopyRowEncoder()
        encoder.reserveCapacity(Self.copyChunkSize + Self.copyChunkSize / 4)
        var clientFailure: Error?
        var sendFailed = false
        do {
            for row in rows {
                try encode(row, &encoder)
                encoder.endRow()
                if encoder.bytes.count >= Self.copyChunkSize {
                    guard send(encoder.bytes, connection) else {
                        sendFailed = true
                        break
                    }
                    encoder.removeAll()
                    if Task.isCancelled {
                        clientFailure = Self.cancelledError()
                        break
                    }
                }
            }
            if clientFailure == nil, !sendFailed, !encoder.bytes.isEmpty, !send(encoder.bytes, connection) {
                sendFailed = true
            }
        } catch {
            clientFailure = error
        }

        // A non-nil message makes the server abort the COPY (and store nothing).
        let abortMessage = clientFailure.map { "aborted by client: \($0)" }
        _ = PQputCopyEnd(connection.pointer, abortMessage)

        var copied = 0
        var serverFailure: PostgresError?
        while let next = PQgetResult(connection.pointer) {
            let result = OwnedResult(next)
            switch result.status {
            case PGRES_COMMAND_OK:
                copied = PQcmdTuples(result.pointer).flatMap { Int(String(cString: $0)) } ?? 0
            case PGRES_COPY_IN:
                // Only after a failed send: libpq still waits for the end of data.
                _ = PQputCopyEnd(connection.pointer, "aborted by client")
            default:
                if serverFailure == nil {
                    serverFailure = serverError(result, connection: connection, code: .copyFailed)
                }
            }
        }
        if let clientFailure { throw clientFailure }
        if let serverFailure { throw serverFailure }
        if sendFailed { throw connectionError(connection) }
        return copied
    }

    /// Sends one chunk; false when the connection failed (blocking mode never returns 0).
    private func send(_ bytes: [UInt8], _ connection: ConnectionHandle) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                PQputCopyData(connection.pointer, chars.baseAddress, Int32(chars.count)) == 1
            }
        }
    }
}
