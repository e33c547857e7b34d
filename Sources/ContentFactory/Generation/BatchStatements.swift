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
    /// How this batch keeps its place after the previous one when the two are written on two
    /// connections at once (`generate`); nil when batches go one by one.
    package var ordering: BatchOrdering? = nil

    /// - Parameters: the leading statement, and the trailing ones.
    package init(leading: PostgresStatement?, trailing: @escaping @Sendable (BatchWriteSummary) throws -> [PostgresStatement]) {
        self.leading = leading
        self.trailing = trailing
    }
}

/// The two points where a batch written beside the previous one (`ForegroundGeneration`, on a
/// second connection) waits for it or lets the next one go on.
package struct BatchOrdering: Sendable {
    /// Called once the batch's slugs are final, before its rows go: the next batch starts then, so
    /// its slugs are chosen above these (`SlugHints`) and never collide with them. A collision would
    /// make one batch's COPY wait for the other's uncommitted row while that one waits for it here.
    package var slugsChosen: @Sendable () -> Void
    /// Awaited once the rows are written, before the closing statements and COMMIT are sent: the
    /// previous batch's commit, so batches commit in order. Its error rolls this batch back.
    package var previousCommitted: @Sendable () async throws -> Void

    package init(slugsChosen: @escaping @Sendable () -> Void, previousCommitted: @escaping @Sendable () async throws -> Void) {
        self.slugsChosen = slugsChosen
        self.previousCommitted = previousCommitted
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
