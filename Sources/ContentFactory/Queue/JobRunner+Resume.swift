import Logging
import Metrics
import PostgresClient

extension JobRunner {
    /// How resuming a job after the database interrupted it ended.
    enum Resumption: Sendable {
        /// The row is still this worker's: go on from its `current_offset`.
        case resumed
        /// The last batch had committed; only its acknowledgement was lost.
        case completed
        /// Someone else has the job now: write nothing more.
        case leaseLost
        /// The job was told to stop (lease unconfirmed for too long, shutdown) before the database
        /// came back.
        case stopped
    }

    /// Names of the metrics the daemon reports about lost connections.
    enum ConnectionMetrics {
        static let connectionLost = "content_factory_connection_lost_total"
        static let reconnects = "content_factory_db_reconnects_total"
    }

    /// After the database interrupted `control`'s job: reconnects (capped backoff, every host of a
    /// multi-host URL, until the database answers or the job is told to stop), then reads the job's row
    /// and resumes only if it is still this worker's (same `locked_by`, `attempt`); the batch that
    /// failed rolled back and is rendered and written again. Logs one `job.connection_lost` row.
    ///
    /// A stop that interrupts batches (lease lost, abandon) also interrupts the reconnect wait.
    func resume(_ control: JobControl, after failure: JobFailure, on connection: PostgresConnection,
                logger: Logger) async -> Resumption {
        let job = control.job
        let offset = control.committedOffset
        let lostAt = ContinuousClock.now
        Counter(label: ConnectionMetrics.connectionLost).increment()
        logger.warning("the database interrupted the job; reconnecting to resume it in place", metadata: [
            "error": "\(failure.lastError)", "offset": "\(offset)",
        ])
        let recovery = Task { await self.reconnectAndCheck(control, needsReconnect: failure.needsReconnect, on: connection, logger: logger) }
        control.attach { recovery.cancel() }
        let ownership = await recovery.value
        control.detach()
        let secondsGone = (ContinuousClock.now - lostAt).seconds

        let resumption: Resumption
        switch ownership {
        case nil:
            logger.warning("job stopped while the database was unreachable", metadata: [
                "seconds_gone": "\(secondsGone)", "reason": "\(control.stopReason.map { "\($0)" } ?? "-")",
            ])
            return .stopped
        case .owned(let current)?:
            // Higher: the batch committed but its acknowledgement was lost with the connection. Lower:
            // a promoted standby had not received the last commits (asynchronous replication); their
            // articles are gone with them, so the job resumes where the row says.
            if current != control.committedOffset { control.batchCommitted(offset: current) }
            resumption = .resumed
        case .completed?:
            resumption = .completed
        case .lost?:
            resumption = .leaseLost
        }
        let outcome = switch resumption {
        case .resumed: "resumed"
        case .completed: "completed"
        case .leaseLost: "lease_lost"
        case .stopped: "stopped"
        }
        logger.notice("database back; job \(outcome)", metadata: [
            "seconds_gone": "\(secondsGone)", "offset": "\(control.committedOffset)",
        ])
        let entry = WorkLogEntry.connectionLost(job, worker: store.worker, offset: offset, failure: failure,
                                                secondsGone: secondsGone, outcome: outcome)
        do {
            try await store.log([entry], on: connection)
        } catch {
            // The job goes on regardless; a second interruption is handled by the batch that meets it.
            logger.warning("cannot write job.connection_lost to work_log", metadata: ["error": "\(error)"])
        }
        return resumption
    }

    /// Reconnects until the job's row can be read, or returns nil once the job is told to stop (or the
    /// task is cancelled by an interrupting stop).
    private func reconnectAndCheck(_ control: JobControl, needsReconnect: Bool, on connection: PostgresConnection,
                                   logger: Logger) async -> JobStore.Ownership? {
        var needsReconnect = needsReconnect
        while control.stopReason == nil && !Task.isCancelled {
            if needsReconnect {
                do {
                    try await connection.reconnect()
                    Counter(label: ConnectionMetrics.reconnects).increment()
                } catch {
                    if Task.isCancelled || (error as? PostgresError)?.code == .closed { return nil }
                    logger.warning("database still unreachable; trying again", metadata: ["error": "\(error)"])
                    continue
                }
            }
            do {
                return try await store.ownership(of: control.job, on: connection)
            } catch {
                if Task.isCancelled { return nil }
                switch PostgresError.classification(of: error) {
                case .reconnect:
                    needsReconnect = true
                case .retryTransaction:
                    needsReconnect = false
                case .permanent:
                    // Cannot tell whose the job is: write nothing more; the lease decides.
                    logger.error("cannot read the job's row after reconnecting", metadata: ["error": "\(error)"])
                    return .lost
                }
            }
        }
        return nil
    }
}
