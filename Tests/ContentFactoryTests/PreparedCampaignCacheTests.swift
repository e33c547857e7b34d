import Foundation
import PostgresClient
import PostgresTestSupport
import Testing
@testable import ContentFactory

/// The prepared-campaign cache serves jobs of one content version and never a stale one.
@Suite struct PreparedCampaignCacheTests {
    static let fragment = "21000000-0000-4000-8000-000000000001"
    static let avatar = "30000000-0000-4000-8000-000000000001"
    static let phoenix = "72000000-0000-4000-8000-000000000003"

    /// Enqueues a one-article job and claims it, as the daemon does (the claim returns the version).
    func claimJob(_ connection: PostgresConnection, _ store: JobStore) async throws -> JobRecord {
        _ = try await SampleDatabase.insertJob(connection, quantity: 1, batchSize: 1, filters: SampleDatabase.filters())
        return try #require(try await store.claim(limit: 1, on: connection).first)
    }

    @Test func anEditedFragmentGeoRowOrAvatarIsSeenByTheNextJob() async throws {
        try await SampleDatabase.with { connection in
            let store = JobStore(worker: WorkerIdentity(id: "cache/1/u"))
            let generator = CampaignArticleGenerator(campaigns: PreparedCampaignCache(capacity: 4))

            let first = try await claimJob(connection, store)
            let version = try #require(first.contentVersion)
            let prepared = try await generator.prepareCampaignJob(job: first, connection: connection)
            #expect(generator.campaigns.count == 1)

            // A second job of the same version is served from the cache, reseeded for itself: it renders
            // exactly what a fresh preparation renders.
            let second = try await claimJob(connection, store)
            #expect(second.contentVersion == version)
            let cached = try await generator.prepareCampaignJob(job: second, connection: connection)
            let uncached = try await CampaignArticleGenerator().prepareCampaignJob(job: second, connection: connection)
            #expect(cached.seed != prepared.seed)
            #expect(try cached.render(0..<3).articles == uncached.render(0..<3).articles)

            // Proof that the cache serves: a change made without bumping the version (what the triggers
            // prevent) is not seen.
            try await connection.executeScript("""
                ALTER TABLE content_fragments DISABLE TRIGGER content_fragments_content_version;
                UPDATE content_fragments SET fragment_text = fragment_text || ' Unseen edit.' WHERE id = '\(Self.fragment)';
                ALTER TABLE content_fragments ENABLE TRIGGER content_fragments_content_version;
                """)
            let third = try await claimJob(connection, store)
            #expect(third.contentVersion == version)
            let stale = try await generator.prepareCampaignJob(job: third, connection: connection)
            #expect(!stale.data.fragments.contains { $0.text.contains("Unseen edit.") })

            // Each edit, committed, bumps the version: the next job prepares again and sees it.
            let edits: [(sql: String, seen: (PreparedCampaignJob) -> Bool)] = [
                ("UPDATE content_fragments SET fragment_text = fragment_text || ' Fresh edit.' WHERE id = '\(Self.fragment)'",
                 { $0.data.fragments.contains { $0.text.contains("Fresh edit.") } }),
                ("UPDATE locations_cities SET name = 'Phoenix Renamed' WHERE id = '\(Self.phoenix)'",
                 { $0.data.geo.contains { $0.city == "Phoenix Renamed" } }),
                ("UPDATE avatar_intelligence SET base_name = 'Renamed Persona' WHERE id = '\(Self.avatar)'",
                 { $0.data.avatars.contains { $0.baseName == "Renamed Persona" } }),
            ]
            var lastVersion = version
            for edit in edits {
                try await connection.execute(edit.sql)
                let job = try await claimJob(connection, store)
                let newVersion = try #require(job.contentVersion)
                #expect(newVersion > lastVersion, "\(edit.sql)")
                lastVersion = newVersion
                let fresh = try await generator.prepareCampaignJob(job: job, connection: connection)
                #expect(edit.seen(fresh), "\(edit.sql)")
            }
            // Older versions are dropped as soon as a newer one is stored.
            #expect(generator.campaigns.count == 1)
        }
    }

    @Test func jobsReadWithoutAVersionAreNeverCached() async throws {
        try await SampleDatabase.with { connection in
            let generator = CampaignArticleGenerator(campaigns: PreparedCampaignCache(capacity: 4))
            let job = try await SampleDatabase.insertJob(connection, quantity: 1, batchSize: 1, filters: SampleDatabase.filters())
            #expect(job.contentVersion == nil)
            _ = try await generator.prepareCampaignJob(job: job, connection: connection)
            #expect(generator.campaigns.count == 0)
        }
    }

    @Test func theCacheIsBoundedByCountAndBytes() throws {
        let cache = PreparedCampaignCache(capacity: 2, byteLimit: 1 << 30)
        let data = CampaignData(
            campaign: .init(id: UUID(), siteID: nil, name: "c", headline: nil, targetWordCount: 10, locationMode: nil),
            site: .init(id: UUID(), name: "s", url: nil), geoSource: .cities, geo: [], avatars: [], variants: [],
            titleTemplates: [], fragments: [], offerBlocks: [])
        let spec = try JobSpec(filters: SampleDatabase.filters(), jobID: UUID())
        let entry = PreparedCampaignCache.Entry(data: data, binder: VariableBinder(data: data, spec: spec, createdAt: Date()),
                                                preflight: .init(), bytes: 1000)
        func key(_ filters: String) -> PreparedCampaignCache.Key { .init(filters: filters, siteID: nil, year: 2026, contentVersion: 1) }
        cache.store(entry, for: key("a"))
        cache.store(entry, for: key("b"))
        _ = cache.entry(for: key("a"))  // "b" is now the least recently used
        cache.store(entry, for: key("c"))
        #expect(cache.count == 2)
        #expect(cache.entry(for: key("a")) != nil)
        #expect(cache.entry(for: key("b")) == nil)

        let small = PreparedCampaignCache(capacity: 100, byteLimit: 2500)
        for name in ["a", "b", "c", "d"] { small.store(entry, for: key(name)) }
        #expect(small.count == 2)
    }
}
