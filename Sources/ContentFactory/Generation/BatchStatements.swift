import PostgresClient

/// The caller's part of a batch transaction: the queue's fenced job update and `work_log` row, or
/// `generate`'s progress update. The generator runs them in the same transaction as the articles,
/// in the same round trips.
package struct BatchStatements: Sendable {
    /// Runs first, right after BEGIN (the fence: it locks the job row). No row back means the batch
    /// is refused: rolled back, nothing written.
    package var leading: PostgresStatement?
    /// Runs last, before COMMIT; made once the batch's summary is known.
    package var trailing: @Sendable (BatchWriteSummary) throws -> [PostgresStatement]
    /// Awaited once the batch's rows are written and before its closing statements and COMMIT are
    /// sent; its error rolls the batch back. `generate` waits here for the job's previous batch,
    /// committing on another connection, so batches commit in order (`ForegroundGeneration`).
    package var beforeClosing: (@Sendable () async throws -> Void)? = nil

    /// - Parameters: the leading statement, and the trailing ones.
    package init(leading: PostgresStatement?, trailing: @escaping @Sendable (BatchWriteSummary) throws -> [PostgresStatement]) {
        self.leading = leading
        self.trailing = trailing
    }
}

/// How a batch transaction ended.
package enum BatchCommit: Sendable {
    /// Committed; `leading` is the leading statement's first row, if there was one.
    case committed(BatchWriteSummary, leading: PostgresRow?)
    /// The leading statement returned no row: rolled back, nothing written.
    case refused
}

/// How a transaction of several jobs' batches ended (`ArticleBatchWriter.commit(_:trailing:on:)`).
package enum GroupCommit: Sendable {
    /// Committed; per job in order, its batch's summary and its leading statement's first row.
    case committed([BatchWriteSummary], leading: [PostgresRow?])
    /// A leading statement returned no row: rolled back, nothing written.
    case refused
}
