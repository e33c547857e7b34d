import Foundation
import PostgresClient

/// One `generation_jobs` row, as the queue claims it and generation reads it.
package struct JobRecord: Sendable, Hashable {
    /// The job's id.
    package var id: UUID
    /// The site the job generates for; nil: the campaign's own site.
    package var siteID: UUID?
    /// The row's status (a NULL status reads `pending`).
    package var status: JobStatus
    /// Articles the job asks for (NULL in the row means 0).
    package var targetQuantity: Int
    /// Articles per committed batch (NULL in the row means 10).
    package var batchSize: Int
    /// The job spec, JSON text (NULL in the row means `{}`).
    package var filters: String?
    /// Articles committed so far (NULL in the row means 0).
    package var currentOffset: Int
    /// The attempt the claim started; fences every write of this run.
    package var attempt: Int
    /// Attempts allowed before a failure is final.
    package var maxAttempts: Int
    /// The worker holding the lease; nil when none.
    package var lockedBy: String?
    /// When the row was inserted; the claim-latency metric counts from here.
    package var createdAt: Date
    /// When a cancel was asked for; nil when none.
    package var cancelRequestedAt: Date?
    /// The database's content version when the job was read (`content_factory_content_version`,
    /// returned by the claim statement), or `nil` when the read did not include it. A prepared
    /// campaign cached under this version is as new as the rows a load would read now.
    package var contentVersion: Int64?

    /// Memberwise; rows come through `init(row:)`.
    package init(id: UUID, siteID: UUID?, status: JobStatus, targetQuantity: Int, batchSize: Int, filters: String?,
                currentOffset: Int, attempt: Int, maxAttempts: Int, lockedBy: String?, createdAt: Date,
                cancelRequestedAt: Date?, contentVersion: Int64? = nil) {
        self.id = id
        self.siteID = siteID
        self.status = status
        self.targetQuantity = targetQuantity
        self.batchSize = batchSize
        self.filters = filters
        self.currentOffset = currentOffset
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.lockedBy = lockedBy
        self.createdAt = createdAt
        self.cancelRequestedAt = cancelRequestedAt
        self.contentVersion = contentVersion
    }

    /// The columns `init(row:)` reads, in order, for `SELECT … FROM generation_jobs` and `RETURNING`.
    package static let columns = """
        id, site_id, status, coalesce(target_quantity, 0), coalesce(batch_size, 10), filters::text, \
        coalesce(current_offset, 0), attempt, max_attempts, locked_by, created_at, cancel_requested_at
        """

    /// `columns` and the content version, for statements that read both in one snapshot.
    package static let columnsWithContentVersion = columns + """
        , (SELECT version FROM content_factory_content_version WHERE id)
        """

    /// Decodes a row selected with `columns` (or `columnsWithContentVersion`).
    ///
    /// - Throws: `PostgresError` (`.decodeFailed`) naming the column.
    package init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(UUID.self, at: 0),
            siteID: try row.decode(UUID?.self, at: 1),
            status: try row.decode(JobStatus.self, at: 2),
            targetQuantity: try row.decode(Int.self, at: 3),
            batchSize: try row.decode(Int.self, at: 4),
            filters: try row.decode(String?.self, at: 5),
            currentOffset: try row.decode(Int.self, at: 6),
            attempt: try row.decode(Int.self, at: 7),
            maxAttempts: try row.decode(Int.self, at: 8),
            lockedBy: try row.decode(String?.self, at: 9),
            createdAt: try row.decode(Date.self, at: 10),
            cancelRequestedAt: try row.decode(Date?.self, at: 11),
            contentVersion: row.columns.count > 12 ? try row.decode(Int64?.self, at: 12) : nil)
    }
}
