import PostgresClient

/// A `generation_jobs.status`: what the schema's CHECK constraint allows (Docs/Jobs.md). SQL text keeps its
/// literals; Swift code reads and writes the column through this type.
package enum JobStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Waiting to be claimed (also a scheduled retry, and what a NULL status reads as).
    case pending
    /// Claimed: a worker holds the lease.
    case processing
    /// Every article written.
    case completed
    /// Failed for good: a permanent error, or the attempts are used up.
    case failed
    /// Cancelled by an operator.
    case cancelled

    /// Whether the job will not change again by itself.
    package var isFinished: Bool { self == .completed || self == .failed || self == .cancelled }

    /// The column's text.
    package var description: String { rawValue }
}

extension JobStatus: PostgresDecodable, PostgresEncodable {
    /// A NULL status reads `pending`, as the queue treats it.
    package static var postgresNull: JobStatus? { .pending }

    /// The column's text.
    ///
    /// - Throws: when the text is not a status the schema allows (the row reports it as `.decodeFailed`).
    package init(postgresText text: String, typeOID: UInt32) throws {
        guard let status = JobStatus(rawValue: text) else { throw UnknownJobStatus() }
        self = status
    }

    /// Sent as untyped text, like a literal.
    package static var postgresTypeOID: UInt32 { 0 }

    /// The column's text.
    package func postgresText() throws -> String? { rawValue }
}

/// A status column holding text the schema's CHECK would refuse (a legacy row the migration left alone).
struct UnknownJobStatus: Error, CustomStringConvertible {
    var description: String { "not a job status (pending, processing, completed, failed, cancelled)" }
}
