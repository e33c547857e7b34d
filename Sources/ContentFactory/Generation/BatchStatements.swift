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
    /// connections at once (`OverlappedCommits`); nil when batches go one by one.
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
    /// Runs once the previous batch committed, in a round trip of its own before the closing
    /// statements: the queue's fence, which then holds the job row only while the batch commits. No
    /// row back means the batch is refused: rolled back, nothing written.
    /// Set by the queue (`JobStore.commitBatch`); `generate` has none.
    package var commitFence: PostgresStatement?

    package init(slugsChosen: @escaping @Sendable () -> Void, previousCommitted: @escaping @Sendable () async throws -> Void) {
        self.slugsChosen = slugsChosen
        self.previousCommitted = previousCommitted
    }

    /// Where a batch stands once its rows are written and before its closing statements go.
    enum Turn {
        /// Go on and commit; the commit fence's row, if there is a commit fence.
        case commit(fence: PostgresRow?)
        /// The commit fence returned no row: roll back.
        case refused
    }

    /// Waits for the previous batch's commit (its error is thrown: this batch rolls back), then runs
    /// `commitFence`.
    func takeTurn(on connection: isolated PostgresConnection) async throws -> Turn {
        try await previousCommitted()
        guard let commitFence else { return .commit(fence: nil) }
        guard let row = try await connection.pipeline([commitFence])[0].first else { return .refused }
        return .commit(fence: row)
    }
}

/// How a batch transaction ended.
package enum BatchCommit: Sendable {
    /// Committed; `fence` is the fence's first row: the commit fence's when there was one
    /// (`BatchOrdering.commitFence`), else the leading statement's, if there was one.
    case committed(BatchWriteSummary, fence: PostgresRow?)
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
