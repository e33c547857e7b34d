import Foundation
import Synchronization

/// What preparing a job loads and checks that other jobs of the same campaign can reuse: the rows
/// (`CampaignData`), the variable binder, and the pre-flight (parsed, linted templates), keyed by
/// everything they depend on. A daemon running thousands of one-article jobs of one campaign then
/// loads and checks the campaign once per content change instead of once per job.
///
/// Freshness: the key holds the database's content version, which every statement changing a table
/// the loader reads bumps (migration 9) and which the claim statement returns with the job, so a
/// change is seen by the next job claimed after it commits, at no extra round trip. Jobs read without
/// a version (`content-factory generate`) are never served from the cache.
///
/// Bounded: least recently used entries go first once `capacity` entries or `byteLimit` estimated
/// bytes are exceeded.
final class PreparedCampaignCache: Sendable {
    struct Key: Hashable, Sendable {
        /// The job's `filters` text: campaign, selections, geo filter, variables, seed.
        var filters: String?
        var siteID: UUID?
        /// `{Year}` comes from the job's creation time.
        var year: Int
        var contentVersion: Int64
    }

    /// One prepared campaign. `preflight` carries the templates seeded for the job that filled the
    /// entry; `CampaignArticleGenerator` reseeds them for each job.
    struct Entry: Sendable {
        var data: CampaignData
        var binder: VariableBinder
        var preflight: GenerationPreflight.Outcome
        var bytes: Int
    }

    private struct State {
        var entries: [Key: (entry: Entry, used: UInt64)] = [:]
        var clock: UInt64 = 0
        var bytes = 0
    }

    let capacity: Int
    let byteLimit: Int
    private let state = Mutex(State())

    /// - Parameters: the most entries kept, and the most estimated bytes.
    init(capacity: Int = 64, byteLimit: Int = 256 << 20) {
        self.capacity = max(1, capacity)
        self.byteLimit = byteLimit
    }

    /// The key of `job`, or `nil` when it was read without a content version (never cached).
    static func key(of job: JobRecord) -> Key? {
        guard let version = job.contentVersion else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return Key(filters: job.filters, siteID: job.siteID, year: calendar.component(.year, from: job.createdAt),
                   contentVersion: version)
    }

    func entry(for key: Key) -> Entry? {
        state.withLock { state in
            guard let hit = state.entries[key] else { return nil }
            state.clock += 1
            state.entries[key]!.used = state.clock
            return hit.entry
        }
    }

    /// Stores an entry; entries of older content versions are dropped at once (never read again).
    func store(_ entry: Entry, for key: Key) {
        state.withLock { state in
            for (old, value) in state.entries where old.contentVersion < key.contentVersion {
                state.entries[old] = nil
                state.bytes -= value.entry.bytes
            }
            state.clock += 1
            if let previous = state.entries.updateValue((entry, state.clock), forKey: key) {
                state.bytes -= previous.entry.bytes
            }
            state.bytes += entry.bytes
            while state.entries.count > capacity || (state.bytes > byteLimit && state.entries.count > 1) {
                guard let oldest = state.entries.min(by: { $0.value.used < $1.value.used }) else { break }
                state.entries[oldest.key] = nil
                state.bytes -= oldest.value.entry.bytes
            }
        }
    }

    /// Entries held now (tests).
    var count: Int { state.withLock { $0.entries.count } }

    /// A rough size: parsed templates are a few times their text, rows a fixed cost each.
    static func estimatedBytes(_ data: CampaignData) -> Int {
        let templates = (data.titleTemplates + data.fragments + data.offerBlocks).reduce(0) { $0 + $1.text.utf8.count }
        return 8 * templates + 160 * data.geo.count + 512 * data.avatars.count + 128 * data.variants.count
            + 256 * data.linkTargets.count + 4096
    }
}

extension GenerationPreflight.Outcome {
    /// The same outcome with every template's choices seeded for another job.
    func reseeded(jobSeed: UInt64) -> Self {
        var copy = self
        copy.titles = titles.map { $0.reseeded(jobSeed: jobSeed) }
        copy.fragmentsByType = fragmentsByType.mapValues { $0.map { $0.reseeded(jobSeed: jobSeed) } }
        copy.offers = offers.map { $0.reseeded(jobSeed: jobSeed) }
        return copy
    }
}
