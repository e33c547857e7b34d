import Spintax

/// A job's internal linking: its targets, the linker, the per-article budget and the schedule that
/// spreads links over the job. Applied to each article after its body is assembled and its digest
/// taken (links are not part of what the uniqueness checks compare; see the README).
package struct ArticleLinking: Sendable {
    /// Finds keyword occurrences and writes the links; built over the job's usable targets.
    package let linker: InternalLinker
    /// Which eligible targets each article links, weighted from the job's own sample.
    package let schedule: LinkSchedule
    /// `filters.links.max_per_article`: the most links one article gets.
    package let maxPerArticle: Int

    /// Articles sampled to estimate how often each keyword occurs.
    static let sampleLimit = 200

    /// The job_seq values sampled for a job of `quantity` articles: evenly spaced, a function of the
    /// quantity only, so a resumed job estimates the same weights.
    static func sample(quantity: Int) -> [Int] {
        let count = min(max(quantity, 0), sampleLimit)
        return (0..<count).map { $0 * quantity / count }
    }

    /// - Parameters:
    ///   - targets: usable targets (`LinkPreflight.usable`), in a stable order.
    ///   - options: `filters.links`.
    ///   - seed: the job's master seed.
    ///   - sampleBodies: bodies of the articles `sample(quantity:)` names, without links.
    package init(targets: [LinkTarget], options: LinkOptions, seed: UInt64, sampleBodies: [[UInt8]]) {
        let linker = InternalLinker(targets: targets, anchor: options.anchor)
        var occurrences = [Int](repeating: 0, count: targets.count)
        for body in sampleBodies {
            for (target, found) in linker.occurrences(in: body).enumerated() where !found.isEmpty { occurrences[target] += 1 }
        }
        self.linker = linker
        self.schedule = LinkSchedule(seed: SpintaxHash.mix64(seed ^ 0x6C69_6E6B), sampleSize: sampleBodies.count,  // "link"
                                     sampleOccurrences: occurrences)
        self.maxPerArticle = options.maxPerArticle
    }

    /// Links `body` of article `sequence`.
    ///
    /// - Returns: the linked body and the targets linked (indices into `linker.targets`).
    package func apply(_ body: [UInt8], sequence: Int) -> (body: [UInt8], targets: [Int]) {
        let occurrences = linker.occurrences(in: body)
        let eligible = occurrences.indices.filter { !occurrences[$0].isEmpty }
        guard !eligible.isEmpty else { return (body, []) }
        let order = schedule.order(eligible: eligible, sequence: sequence)
        let (linked, links) = linker.link(body, order: order, occurrences: occurrences, limit: maxPerArticle)
        return (linked, links.map(\.target))
    }
}
