import Foundation

/// Renders a batch on several cores: `PreparedGeneration.render` is pure and thread-safe, so the range
/// is cut into contiguous chunks rendered concurrently and concatenated in order (Docs/Templates.md#determinism:
/// the result does not depend on how it was split).
package struct BatchRenderer: Sendable {
    /// Chunks rendered at once (normally the number of cores).
    package var parallelism: Int
    /// Below this many articles per chunk, splitting costs more than it saves.
    package var minimumChunk: Int

    /// Chunks per core when the batch is large enough.
    static let chunksPerCore = 4

    /// - Parameters: the parallelism (at least 1) and the smallest chunk worth a task.
    package init(parallelism: Int, minimumChunk: Int = 4) {
        self.parallelism = max(1, parallelism)
        self.minimumChunk = max(1, minimumChunk)
    }

    /// The articles of `range`, in order.
    ///
    /// - Throws: the first error a chunk throws (`GenerationError`), or `CancellationError`.
    package func render(_ range: Range<Int>, of prepared: any PreparedGeneration) async throws -> RenderedBatch {
        // A few chunks per core: articles differ in cost (fingerprints above all), and with one chunk
        // per core the batch waits for the slowest while the other cores sit idle.
        let chunks = parallelism == 1 ? 1 : min(parallelism * Self.chunksPerCore, range.count / minimumChunk)
        if chunks <= 1 { return try prepared.render(range) }
        let size = (range.count + chunks - 1) / chunks
        let pieces = stride(from: range.lowerBound, to: range.upperBound, by: size).map {
            $0..<min($0 + size, range.upperBound)
        }
        return try await withThrowingTaskGroup(of: (Int, RenderedBatch).self) { group in
            func start(_ index: Int) {
                let piece = pieces[index]
                // On the shared pool, whatever executor the caller prefers (a connection's thread).
                group.addTask(executorPreference: globalConcurrentExecutor) {
                    try Task.checkCancellation()
                    return (index, try prepared.render(piece))
                }
            }
            // At most `parallelism` chunks at once when the pool has more threads than that, the next
            // starting as one ends; otherwise all at once (the pool is the limit, and no chunk waits
            // for this task to wake and start it).
            let window = parallelism >= ProcessInfo.processInfo.activeProcessorCount ? pieces.count : parallelism
            var next = min(window, pieces.count)
            for index in 0..<next { start(index) }
            var rendered = [RenderedBatch?](repeating: nil, count: pieces.count)
            for try await (index, batch) in group {
                rendered[index] = batch
                if next < pieces.count {
                    start(next)
                    next += 1
                }
            }
            return RenderedBatch(range: range, articles: rendered.flatMap { $0!.articles }, headlines: rendered.flatMap { $0!.headlines })
        }
    }
}
