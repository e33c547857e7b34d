/// Renders a range of articles on several cores: the range is cut into contiguous chunks, each
/// rendered by its own task, and the results are concatenated in order. Output never depends on the
/// number of threads (generation.md §6).
public struct ParallelRenderer: Sendable {
    /// How many chunks render at once.
    public let threads: Int

    /// - Parameter threads: at least 1.
    public init(threads: Int) {
        self.threads = max(1, threads)
    }

    /// - Throws: the first chunk's error.
    public func render(_ prepared: any PreparedGeneration, _ range: Range<Int>) async throws -> RenderedBatch {
        if threads == 1 || range.count < 2 * threads {
            return try prepared.render(range)
        }
        let chunk = (range.count + threads - 1) / threads
        let parts = try await withThrowingTaskGroup(of: (Int, RenderedBatch).self) { group in
            for part in 0..<threads {
                let lower = range.lowerBound + part * chunk
                let upper = min(range.upperBound, lower + chunk)
                guard lower < upper else { continue }
                group.addTask { (part, try prepared.render(lower..<upper)) }
            }
            var parts: [(Int, RenderedBatch)] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return RenderedBatch(range: range, articles: parts.flatMap(\.articles))
    }
}
