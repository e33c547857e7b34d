/// The render-then-commit loop shared by the queue (`JobRunner`) and `content-factory generate`
/// (`ForegroundGeneration`): batch n+1 renders (on every core) while batch n commits, in order, from
/// a start offset to the target.
struct BatchLoop: Sendable {
    /// What the commit step decided.
    enum Step: Sendable {
        /// Committed; go on with the next batch.
        case next
        /// Stop here (lease lost, cancel requested, ...); nothing more is committed.
        case stop
    }

    let renderer: BatchRenderer
    /// Told how long each batch took to render (the queue's metrics).
    var rendered: @Sendable (Duration) -> Void = { _ in }

    /// Runs the batches of `prepared` from `offset` up to `target`, `batchSize` at a time.
    ///
    /// - Parameters:
    ///   - shouldStop: asked before each batch; true ends the loop before the batch commits.
    ///   - commit: commits one rendered batch (it starts when the batch's wait for rendering began).
    /// - Returns: true when the target was reached, false when `shouldStop` or `commit` stopped it.
    /// - Throws: the rendering's or `commit`'s error; the batch rendering ahead is cancelled.
    func run(_ prepared: any PreparedGeneration, from offset: Int, to target: Int, batchSize: Int,
             shouldStop: () -> Bool = { false },
             commit: (RenderedBatch, ContinuousClock.Instant) async throws -> Step) async throws -> Bool {
        let size = max(1, batchSize)
        let renderer = self.renderer, rendered = self.rendered
        @Sendable func timedRender(_ range: Range<Int>) async throws -> RenderedBatch {
            let started = ContinuousClock.now
            let batch = try await renderer.render(range, of: prepared)
            rendered(ContinuousClock.now - started)
            return batch
        }
        func render(from start: Int) -> Task<RenderedBatch, any Error> {
            Task { try await timedRender(start..<min(start + size, target)) }
        }
        // A job of one batch has nothing to overlap: render it where the caller runs.
        if offset < target && offset + size >= target {
            if shouldStop() { return false }
            let started = ContinuousClock.now
            let batch = try await timedRender(offset..<target)
            try Task.checkCancellation()
            if case .stop = try await commit(batch, started) { return false }
            return true
        }
        var pending: Task<RenderedBatch, any Error>? = offset < target ? render(from: offset) : nil
        defer { pending?.cancel() }
        while let rendering = pending {
            if shouldStop() { return false }
            let started = ContinuousClock.now
            let batch = try await rendering.value
            try Task.checkCancellation()
            let next = batch.range.upperBound
            pending = next < target ? render(from: next) : nil
            if case .stop = try await commit(batch, started) { return false }
        }
        return true
    }
}
