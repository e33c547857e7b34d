import Foundation

/// Chooses a batch's final slugs: `base`, else `base-2`, `base-3`, … , the smallest suffix at or
/// above the process's hint (`SlugHints`) that neither the site nor an earlier article of the batch
/// holds. The first probe (every base's likely slugs) is known before the transaction starts, so it
/// can travel in the transaction's first round trip; more probes follow only when a window fills up.
struct SlugAllocator {
    /// Suffixes probed per base in each later round trip.
    static let probeWindow = 32

    let site: UUID
    let hints: SlugHints
    /// Distinct bases in first-seen order, and how many articles want each.
    private(set) var bases: [String] = []
    private var counts: [String: Int] = [:]
    /// Per base: the lowest suffix considered, and the next one not probed yet.
    private var floors: [String: Int] = [:]
    private var probedUpTo: [String: Int] = [:]
    private var taken = Set<String>()

    init(site: UUID, hints: SlugHints, slugBases: [String]) {
        self.site = site
        self.hints = hints
        for base in slugBases {
            if counts[base] == nil { bases.append(base) }
            counts[base, default: 0] += 1
        }
        for base in bases {
            let floor = hints.reserve(site: site, base: base, count: counts[base]!)
            floors[base] = floor
            probedUpTo[base] = floor - 1
        }
    }

    static func slug(_ base: String, suffix: Int) -> String {
        suffix <= 1 ? base : "\(base)-\(suffix)"
    }

    /// The slugs to ask the database about first.
    mutating func firstProbe() -> [String] {
        var candidates: [String] = []
        for base in bases {
            let start = probedUpTo[base]! + 1
            // The suffixes reserved for this batch: free unless another process took them.
            let width = counts[base]!
            for suffix in start..<(start + width) { candidates.append(Self.slug(base, suffix: suffix)) }
            probedUpTo[base] = start + width - 1
        }
        return candidates
    }

    /// Takes the answer to a probe; returns the next probe, empty once every base has enough free slugs.
    mutating func record(taken found: some Sequence<String>) -> [String] {
        taken.formUnion(found)
        var candidates: [String] = []
        for base in bases where free(base) < counts[base]! {
            let start = probedUpTo[base]! + 1
            for suffix in start..<(start + Self.probeWindow) { candidates.append(Self.slug(base, suffix: suffix)) }
            probedUpTo[base] = start + Self.probeWindow - 1
        }
        return candidates
    }

    private func free(_ base: String) -> Int {
        (floors[base]!...probedUpTo[base]!).count { !taken.contains(Self.slug(base, suffix: $0)) }
    }

    /// The final slug of each article (in the order of `slugBases`), reserving them in the hints.
    mutating func assign(_ slugBases: [String]) -> [String] {
        var next = floors
        var highest: [String: Int] = [:]
        var slugs: [String] = []
        slugs.reserveCapacity(slugBases.count)
        for base in slugBases {
            var suffix = next[base]!
            while taken.contains(Self.slug(base, suffix: suffix)) { suffix += 1 }
            slugs.append(Self.slug(base, suffix: suffix))
            next[base] = suffix + 1
            highest[base] = suffix
        }
        for (base, suffix) in highest { hints.raise(site: site, base: base, through: suffix) }
        return slugs
    }
}
