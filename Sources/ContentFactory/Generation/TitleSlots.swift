/// Which title template, and which of its variants, the j-th article of one place × persona × variant
/// takes, so that the titles' whole space (Σ over templates of their variants) is usable.
///
/// Round r gives one article to every template that still has an r-th variant, in template order. While
/// every template has variants left this is `template = j mod T`, `repetition = j / T`, the plain
/// cartesian order; past the smallest template's variants the others take its turns.
struct TitleSlots: Sendable, Hashable {
    /// Rounds in which the same templates take part.
    struct Epoch: Sendable, Hashable {
        /// The first slot of the epoch.
        let start: UInt64
        /// The first round (repetition) of the epoch.
        let firstRound: UInt64
        /// The templates taking part, ascending.
        let templates: [Int]
    }

    let epochs: [Epoch]
    /// Σ of the templates' variant counts (saturating): the slots one combination has.
    let capacity: UInt64

    /// - Parameter spaces: per title template, its number of distinct variants (≥ 1).
    init(spaces: [UInt64]) {
        var epochs: [Epoch] = []
        var start: UInt64 = 0
        var round: UInt64 = 0
        for level in Set(spaces).sorted() where level > round {
            let templates = spaces.indices.filter { spaces[$0] >= level }
            epochs.append(Epoch(start: start, firstRound: round, templates: templates))
            let (rounds, overflow) = (level - round).multipliedReportingOverflow(by: UInt64(templates.count))
            let (next, carry) = start.addingReportingOverflow(rounds)
            start = overflow || carry ? UInt64.max : next
            round = level
        }
        self.epochs = epochs
        self.capacity = start
    }

    /// The template and repetition of slot `j` (< `capacity`).
    func slot(_ j: UInt64) -> (template: Int, repetition: UInt64) {
        var epoch = epochs[0]
        for candidate in epochs.dropFirst() where candidate.start <= j { epoch = candidate }
        let offset = j - epoch.start
        let count = UInt64(epoch.templates.count)
        return (epoch.templates[Int(offset % count)], epoch.firstRound + offset / count)
    }
}
