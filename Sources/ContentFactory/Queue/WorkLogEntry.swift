import Foundation

/// One `work_log` row as Docs/Jobs.md#work_log defines it. The factory methods are the only way rows are made,
/// so every action carries exactly its documented keys.
package struct WorkLogEntry: Sendable, Hashable {
    /// The job's site, for `work_log.site_id`; nil for worker rows and jobs without a site.
    package var siteID: UUID?
    /// The event (`job.claimed`, `batch.committed`, `worker.started`, …).
    package var action: String
    /// `generation_jobs` or `worker`.
    package var entityType: String
    /// The job id or worker id the row is about.
    package var entityID: String
    /// `debug`, `info`, `notice`, `warning` or `error`; `tail --level` filters on it.
    package var level: String
    /// NULL for worker rows.
    package var status: String?
    /// The action's documented keys, stored as the `details` JSON object.
    package var details: [String: JSONValue]

    /// Creates an entry; prefer the factory methods.
    package init(siteID: UUID?, action: String, entityType: String, entityID: String, level: String,
                status: String?, details: [String: JSONValue]) {
        self.siteID = siteID
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.level = level
        self.status = status
        self.details = details
    }

    /// The JSON array `JobQueries.insertLogEntries` (and the terminal statements) read.
    package static func json(_ entries: [WorkLogEntry]) -> String {
        JSONText.encode(.array(entries.map { entry in
            .object([
                "site_id": entry.siteID.map { .string($0.uuidString.lowercased()) } ?? .null,
                "action": .string(entry.action), "entity_type": .string(entry.entityType),
                "entity_id": .string(entry.entityID), "level": .string(entry.level),
                "status": entry.status.map(JSONValue.string) ?? .null, "details": .object(entry.details),
            ])
        }))
    }

    private static func job(_ job: JobRecord, _ action: String, level: String, status: JobStatus,
                            _ details: [String: JSONValue]) -> WorkLogEntry {
        WorkLogEntry(siteID: job.siteID, action: action, entityType: "generation_jobs",
                     entityID: job.id.uuidString.lowercased(), level: level, status: status.rawValue, details: details)
    }

    private static func int(_ value: Int) -> JSONValue { .integer(Int64(value)) }

    /// `batch.committed`: worker, attempt, from_offset, to_offset, articles, progress, ms (plus the
    /// batch's word statistics when the generator reports them).
    package static func batchCommitted(_ record: JobRecord, worker: WorkerIdentity, from: Int, to: Int, progress: Int,
                                      milliseconds: Int, summary: BatchWriteSummary?) -> WorkLogEntry {
        var details: [String: JSONValue] = [
            "worker": .string(worker.id), "attempt": int(record.attempt), "from_offset": int(from),
            "to_offset": int(to), "articles": int(summary?.articles ?? (to - from)), "progress": int(progress),
            "ms": int(milliseconds),
        ]
        if let summary {
            if summary.headlinesInserted == nil {
                details["words"] = .object([
                    "min": int(summary.minWords), "mean": .number((summary.meanWords * 10).rounded() / 10),
                    "max": int(summary.maxWords), "under_target": int(summary.underTarget),
                ])
            }
            if summary.links != nil || summary.relatedLinks != nil {
                // The 20 most linked targets, so a site with thousands of targets keeps rows small.
                let links = summary.links ?? [:]
                let top = links.sorted { ($1.value, $0.key.uuidString) < ($0.value, $1.key.uuidString) }.prefix(20)
                var object: [String: JSONValue] = [
                    "inserted": int(links.values.reduce(0, +) + (summary.relatedLinks ?? 0)),
                    "by_target": .object(Dictionary(uniqueKeysWithValues: top.map { ($0.key.uuidString.lowercased(), int($0.value)) })),
                ]
                if let related = summary.relatedLinks { object["related"] = int(related) }
                details["links"] = .object(object)
            }
            if let inserted = summary.headlinesInserted {
                details["headlines"] = .object(["inserted": int(inserted), "existing": int(summary.articles - inserted)])
            }
            if let similarity = summary.similarity { details["similarity"] = similarity.json }
        }
        return job(record, "batch.committed", level: "info", status: .processing, details)
    }

    /// `job.completed`: worker, attempt, articles, seconds, articles_per_second; the job's `similarity` when
    /// its guard is on; `links_inserted` when the job links and `headlines_inserted` for a headline job
    /// (both, like `articles`, for this run's batches).
    package static func completed(_ record: JobRecord, worker: WorkerIdentity, articles: Int, seconds: Double,
                                 similarity: JobSimilarity? = nil, totals: BatchWriteSummary.Totals = .init()) -> WorkLogEntry {
        let rate = seconds > 0 ? Double(articles) / seconds : 0
        var details: [String: JSONValue] = [
            "worker": .string(worker.id), "attempt": int(record.attempt), "articles": int(articles),
            "seconds": .number((seconds * 1000).rounded() / 1000), "articles_per_second": .number(rate.rounded()),
        ]
        if let links = totals.links { details["links_inserted"] = int(links) }
        if let headlines = totals.headlines { details["headlines_inserted"] = int(headlines) }
        if let similarity { details["similarity"] = similarity.json }
        return job(record, "job.completed", level: "info", status: .completed, details)
    }

    /// `job.failed`: worker, attempt, offset, error (and diagnostics, possibly empty).
    package static func failed(_ record: JobRecord, worker: WorkerIdentity, offset: Int, failure: JobFailure) -> WorkLogEntry {
        job(record, "job.failed", level: "error", status: .failed, [
            "worker": .string(worker.id), "attempt": int(record.attempt), "offset": int(offset),
            "error": failure.errorJSON, "diagnostics": failure.diagnosticsJSON,
        ])
    }

    /// `job.retry_scheduled`: worker, attempt, offset, error; `run_at` is added by the statement.
    package static func retryScheduled(_ record: JobRecord, worker: WorkerIdentity, offset: Int, failure: JobFailure) -> WorkLogEntry {
        job(record, "job.retry_scheduled", level: "warning", status: .pending, [
            "worker": .string(worker.id), "attempt": int(record.attempt), "offset": int(offset),
            "error": failure.errorJSON,
        ])
    }

    /// `job.released`: worker, attempt, offset, reason.
    package static func released(_ record: JobRecord, worker: WorkerIdentity, offset: Int, reason: String) -> WorkLogEntry {
        job(record, "job.released", level: "info", status: .pending, [
            "worker": .string(worker.id), "attempt": int(record.attempt), "offset": int(offset), "reason": .string(reason),
        ])
    }

    /// `job.cancelled` by the worker that ran it: worker, offset.
    package static func cancelled(_ record: JobRecord, worker: WorkerIdentity, offset: Int) -> WorkLogEntry {
        job(record, "job.cancelled", level: "warning", status: .cancelled, [
            "worker": .string(worker.id), "offset": int(offset),
        ])
    }

    /// `job.connection_lost`: worker, attempt, offset (committed when the connection was lost), error,
    /// `seconds_gone` (from the failure until the database answered again, or until the worker gave
    /// up) and `outcome` (`resumed`, `completed`, `lease_lost`, `stopped`).
    package static func connectionLost(_ record: JobRecord, worker: WorkerIdentity, offset: Int, failure: JobFailure,
                                      secondsGone: Double, outcome: String) -> WorkLogEntry {
        job(record, "job.connection_lost", level: "warning", status: .processing, [
            "worker": .string(worker.id), "attempt": int(record.attempt), "offset": int(offset),
            "error": failure.errorJSON, "seconds_gone": .number((secondsGone * 1000).rounded() / 1000),
            "outcome": .string(outcome),
        ])
    }

    /// `worker.started` / `worker.stopped`: worker, version, concurrency (entity_type `worker`), and
    /// whether the daemon listens for wake-ups (`listen`; false when polling only).
    package static func worker(_ action: String, worker: WorkerIdentity, version: String, concurrency: Int,
                              listen: Bool? = nil) -> WorkLogEntry {
        var details: [String: JSONValue] = [
            "worker": .string(worker.id), "version": .string(version), "concurrency": int(concurrency),
        ]
        if let listen { details["listen"] = .bool(listen) }
        return WorkLogEntry(siteID: nil, action: action, entityType: "worker", entityID: worker.id, level: "info",
                            status: nil, details: details)
    }
}
