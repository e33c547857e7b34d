import Foundation
import Synchronization

/// The highest collision suffix this process has given each slug base of a site, shared by every job
/// of a generator: the next batch of the same base probes from there instead of from `-2`, and
/// concurrent jobs of this process reserve disjoint suffixes (no unique-index race, no redo).
///
/// A hint is only a floor: the database is still asked whether the slugs above it are free, and the
/// `(site_id, slug)` unique index still decides. A batch that rolls back leaves its suffixes unused (a
/// gap, never a duplicate). Bounded: emptied past `capacity` bases, which costs only extra probes.
final class SlugHints: Sendable {
    private struct Key: Hashable {
        var site: UUID
        var base: String
    }

    let capacity: Int
    private let floors = Mutex<[Key: Int]>([:])

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// Reserves the next `count` suffixes of `base` (1 is the base itself, then 2, 3, …) and returns
    /// the first: jobs of this process asking at the same time get disjoint ranges.
    func reserve(site: UUID, base: String, count: Int) -> Int {
        floors.withLock { floors in
            if floors.count >= capacity { floors.removeAll(keepingCapacity: true) }
            let key = Key(site: site, base: base)
            let first = (floors[key] ?? 0) + 1
            floors[key] = first + count - 1
            return first
        }
    }

    /// Records that suffixes up to `suffix` of `base` are taken (or about to be).
    func raise(site: UUID, base: String, through suffix: Int) {
        floors.withLock { floors in
            let key = Key(site: site, base: base)
            floors[key] = max(floors[key] ?? 0, suffix)
        }
    }
}
