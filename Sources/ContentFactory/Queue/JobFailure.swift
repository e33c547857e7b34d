import Foundation
import PostgresClient

/// An error that stopped a job, classified for the queue (Docs/Jobs.md#errors-retries-and-backoff) and described for
/// `last_error`, `errors` and `work_log`.
package struct JobFailure: Error, Sendable, CustomStringConvertible {
    /// What the queue does about it.
    package enum Disposition: Sendable, Hashable {
        /// Retrying will not help (bad spec, broken template, missing data, capacity): `failed` at once.
        case permanent
        /// Worth another attempt later, with backoff (an unexpected error of the job's own).
        case transient
        /// The database interrupted the job, not the job itself (lost connection, server restart,
        /// failover, a serialization failure past the redo budget): the worker reconnects and resumes
        /// the job in place when its row is still its own, with no new attempt and no backoff.
        case interrupted
    }

    /// The code of an error no module classified (a bug, most likely): transient, like any unexpected error.
    package static let unexpectedErrorCode = "E_INTERNAL"

    /// Whether the queue fails the job, retries it later, or resumes it in place.
    package var disposition: Disposition
    /// A stable code: a generation code (`E_VALIDATION`, `E_CAPACITY`, …), `E_SPEC`, or `SQLSTATE`
    /// / client code for database errors.
    package var code: String
    /// One human line.
    package var message: String
    /// Where in a template, when known.
    package var line: Int?
    /// The column of `line`, when known.
    package var column: Int?
    /// The template (or data row) the position is in.
    package var source: String?
    /// Every pre-flight finding, for `work_log.details.diagnostics`.
    package var diagnostics: [GenerationDiagnostic]
    /// The connection the job ran on is broken and must reconnect before anything else is written.
    package var needsReconnect: Bool

    /// Creates a failure directly.
    package init(_ disposition: Disposition, code: String, message: String, line: Int? = nil, column: Int? = nil,
                source: String? = nil, diagnostics: [GenerationDiagnostic] = [], needsReconnect: Bool = false) {
        self.disposition = disposition
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        self.diagnostics = diagnostics
        self.needsReconnect = needsReconnect
    }

    /// Classifies any error a job can raise: `GenerationError` and `JobSpecError` are permanent;
    /// database errors whose `PostgresError.classification` is `.reconnect` or `.retryTransaction`
    /// interrupt the job (not its fault, resumed in place); other database errors and anything
    /// unexpected are transient (bounded by `max_attempts`).
    package init(classifying error: any Error) {
        switch error {
        case let failure as JobFailure:
            self = failure
        case let error as GenerationError:
            let first = error.diagnostics.first { $0.severity == .error } ?? error.diagnostics.first
            let prefix = "\(error.code): "
            let text = error.description.hasPrefix(prefix) ? String(error.description.dropFirst(prefix.count)) : error.description
            self.init(.permanent, code: error.code.rawValue, message: text,
                      line: first?.line, column: first?.column,
                      source: first.map { $0.templateName ?? $0.templateKind ?? "job" },
                      diagnostics: error.diagnostics)
        case let error as JobSpecError:
            self.init(.permanent, code: GenerationError.Code.invalidSpec.rawValue, message: error.description,
                      source: error.key.isEmpty ? "filters" : "filters.\(error.key)")
        case let error as PostgresError:
            let classification = error.classification
            self.init(classification == .permanent ? .transient : .interrupted,
                      code: error.sqlState ?? error.code.rawValue, message: error.description,
                      needsReconnect: classification == .reconnect)
        default:
            self.init(.transient, code: Self.unexpectedErrorCode, message: String(describing: error))
        }
    }

    /// `last_error`: the code and the message (which carries the position for template errors).
    package var lastError: String {
        message.hasPrefix(code) ? message : "\(code): \(message)"
    }

    /// Same as `lastError`.
    package var description: String { lastError }

    /// `details.error` of `job.failed` and `job.retry_scheduled`: `{code, message, line?, column?, source?}`.
    package var errorJSON: JSONValue {
        var object: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let line { object["line"] = .integer(Int64(line)) }
        if let column { object["column"] = .integer(Int64(column)) }
        if let source { object["source"] = .string(source) }
        return .object(object)
    }

    /// The `errors` list entry (the statement adds `at`).
    package func errorsEntry(attempt: Int, worker: WorkerIdentity, offset: Int) -> JSONValue {
        .object([
            "attempt": .integer(Int64(attempt)), "worker": .string(worker.id), "offset": .integer(Int64(offset)),
            "code": .string(code), "message": .string(message),
        ])
    }

    /// The diagnostics as JSON objects (code, message, severity, template, row, line, column, source line).
    package var diagnosticsJSON: JSONValue {
        .array(diagnostics.map { diagnostic in
            var object: [String: JSONValue] = [
                "code": .string(diagnostic.code), "message": .string(diagnostic.message),
                "severity": .string(diagnostic.severity.rawValue),
            ]
            if let kind = diagnostic.templateKind { object["template_kind"] = .string(kind) }
            if let id = diagnostic.templateID { object["template_id"] = .string(id.uuidString.lowercased()) }
            if let name = diagnostic.templateName { object["template_name"] = .string(name) }
            if let row = diagnostic.rowID { object["row_id"] = .string(row.uuidString.lowercased()) }
            if let line = diagnostic.line { object["line"] = .integer(Int64(line)) }
            if let column = diagnostic.column { object["column"] = .integer(Int64(column)) }
            if let source = diagnostic.sourceLine { object["source_line"] = .string(source) }
            return .object(object)
        })
    }
}
