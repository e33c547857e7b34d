import Foundation
import Logging
import PostgresClient

extension JobRunner {
    /// Runs jobs claimed together (`JobStore.claim(companions:)`): one-batch jobs of one site and
    /// filters. Each is prepared (from the prepared-campaign cache, after the first) and rendered, and
    /// all commit in one transaction, each behind its own fence (Docs/Jobs.md#small-jobs-together).
    /// When they cannot (a job failed to prepare or render, a fence or the guard refused, a kind of
    /// job that commits alone, an error), nothing of the shared transaction is stored and the jobs
    /// not committed run one by one as `run(_:on:)` runs any job, where every error is handled as usual.
    ///
    /// - Parameter ended: told each job's outcome as it is known.
    package func run(together controls: [JobControl], on connection: PostgresConnection,
                    ended: (JobControl, Outcome) async -> Void) async {
        var alone = controls
        if controls.count > 1 {
            let started = ContinuousClock.now
            let work = Task(executorPreference: connection.taskExecutor) {
                try await self.commitTogether(controls, started: started, on: connection)
            }
            for control in controls { control.attach { work.cancel() } }
            let result = await work.result
            for control in controls { control.detach() }
            switch result {
            case .success(let committed):
                let ids = Set(committed.map(\.control.job.id))
                alone = controls.filter { !ids.contains($0.job.id) }
                for (control, summary) in committed {
                    control.batchCommitted(offset: control.job.targetQuantity)
                    QueueMetrics.batchCommitted(articles: summary.articles, duration: ContinuousClock.now - started)
                    logger.info("job completed", metadata: [
                        "job": "\(control.job.id.uuidString.lowercased())", "attempt": "\(control.job.attempt)",
                        "together": "\(committed.count)", "seconds": "\((ContinuousClock.now - started).seconds)",
                    ])
                    await ended(control, .completed)
                }
            case .failure(let error):
                logger.info("jobs claimed together commit one by one", metadata: ["jobs": "\(controls.count)", "error": "\(error)"])
            }
        }
        for control in alone { await ended(control, await run(control, on: connection)) }
    }

    /// Prepares and renders each job's remaining batch and commits those that can go together.
    /// Returns the jobs committed (none when fewer than two could go together).
    func commitTogether(_ controls: [JobControl], started: ContinuousClock.Instant,
                        on connection: PostgresConnection) async throws -> [(control: JobControl, summary: BatchWriteSummary)] {
        var members: [(control: JobControl, prepared: any PreparedGeneration, batch: RenderedBatch)] = []
        for control in controls {
            let job = control.job
            let remaining = job.targetQuantity - job.currentOffset
            guard control.stopReason == nil, remaining > 0, remaining <= max(1, job.batchSize) else { continue }
            do {
                let prepared = try await generator.prepare(job: job, connection: connection)
                members.append((control, prepared, try prepared.render(job.currentOffset..<job.targetQuantity)))
            } catch is GenerationError {
                continue  // it runs alone, where its error is recorded
            }
        }
        guard members.count > 1 else { return [] }
        let outcome = try await redoing {
            try await store.commitTogether(members.map { ($0.control.job, $0.prepared, $0.batch) }, started: started, on: connection)
        }
        guard case .committed(let summaries) = outcome else { return [] }
        return zip(members, summaries).map { ($0.control, $1) }
    }
}
