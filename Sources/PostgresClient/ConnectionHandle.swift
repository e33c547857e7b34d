import CLibPQ
import Foundation
import Logging

/// Sole owner of a `PGconn`: `PQfinish` runs exactly once, when the handle is released (on close,
/// reconnect, or when the connection actor dies). Only the owning `PostgresConnection` touches it,
/// always on its connection thread, except for the final release.
final class ConnectionHandle {
    let pointer: OpaquePointer
    /// Names of the statements prepared on this session (`PostgresStatement.prepared`); a new session
    /// (reconnect) has a new handle, so none survives it.
    var preparedStatements = Set<String>()
    /// Kept alive as long as the `PGconn`, which holds an unretained pointer to it.
    private let noticeSink: NoticeSink

    init(pointer: OpaquePointer, logger: Logger) {
        self.pointer = pointer
        noticeSink = NoticeSink(logger: logger)
        PQsetNoticeProcessor(pointer, { context, message in
            guard let context, let message else { return }
            let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
            sink.logger.debug("postgres notice: \(String(cString: message).trimmingCharacters(in: .newlines))")
        }, Unmanaged.passUnretained(noticeSink).toOpaque())
    }

    deinit {
        PQfinish(pointer)
    }

    var status: ConnStatusType { PQstatus(pointer) }

    /// libpq's last error message for this connection, trimmed.
    var errorMessage: String {
        PQerrorMessage(pointer).map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }
}

/// Routes server notices (e.g. `NOTICE: relation already exists, skipping`) to the logger instead of
/// libpq's default of printing them to stderr.
final class NoticeSink: Sendable {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }
}
