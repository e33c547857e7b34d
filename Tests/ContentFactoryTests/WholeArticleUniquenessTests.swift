import Foundation
import PostgresClient
import Spintax
import Synchronization
import Testing
@testable import ContentFactory

/// Capacity, spread, alternates and determinism over the whole article's key space (issue 9), with a
/// campaign of nine sections, two fragments each, eight two-way groups per fragment.
@Suite struct WholeArticleUniquenessTests {
    static let sectionTypes = ["intro_hook", "pillar_1", "pillar_2", "pillar_3", "pillar_4", "pillar_5", "pillar_6", "pillar_7", "conclusion"]

    /// Replaces the sample campaign's fragments by `sections` × `fragments` fragments of `groups`
    /// two-way groups each (fixed ids, so two databases plan alike), and adds places up to `cities`.
    static func modestCampaign(_ connection: PostgresConnection, sections: Int = 9, fragments: Int = 2, groups: Int = 8, cities: Int = 1_500) async throws {
        try await connection.execute("DELETE FROM content_fragments WHERE campaign_id = $1", [SampleDatabase.campaign])
        try await connection.execute("""
            INSERT INTO content_fragments (id, status, campaign_id, fragment_type, fragment_text)
            SELECT format('22000000-0000-4000-8000-%s', lpad((s * 100 + f)::text, 12, '0'))::uuid, 'active', $1,
                   ($2::text[])[s],
                   'Homeowners in {City} ask about section ' || s || '. ' || (
                       SELECT string_agg(format('{first%s_%s_%s word|second%s_%s_%s word} then plain words %s', s, f, g, s, f, g, g), ' ')
                       FROM generate_series(1, $4::int) g)
            FROM generate_series(1, $3::int) s, generate_series(1, $5::int) f
            """, [SampleDatabase.campaign, "{\(sectionTypes.joined(separator: ","))}", sections, groups, fragments])
        try await connection.execute("""
            INSERT INTO locations_cities (id, name, state, county, population)
            SELECT format('73000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid, 'Testville ' || n,
                   '70000000-0000-4000-8000-000000000001', '71000000-0000-4000-8000-000000000001', 1000 + n
            FROM generate_series(1, $1::int) n
            """, [cities - 6])
    }

    @Test func twentyThousandArticlesFitAndAreSpreadOverEverySection() async throws {
        try await SampleDatabase.with { connection in
            try await Self.modestCampaign(connection)
            let job = try await SampleDatabase.insertJob(connection, quantity: 20_000, batchSize: 500, filters: SampleDatabase.filters())
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
            let plan = prepared.plan
            #expect(plan.body.sectionSpaces == Array(repeating: 512, count: 9))
            #expect(plan.body.isSaturated)  // 512^9 = 2^81

            // A fifth of the job (one thread, so the suite's process tests keep a core): distinctness of
            // the whole follows from the bijection, tested without a database.
            let batch = try prepared.render(0..<4_000)
            #expect(Set(batch.articles.map(\.content)).count == 4_000)
            try prepared.verifyDistinct(batch)
            let last = try prepared.render(19_990..<20_000)
            #expect(Set((batch.articles + last.articles).map(\.content)).count == 4_010)

            // Neighbours by index differ in nearly every section (a uniform spread: 9 × 511/512).
            var picks: [[BodyKeySpace.Pick]] = []
            var buffer: [BodyKeySpace.Pick] = []
            for index in 0..<2_000 {
                plan.body.picks(of: plan.body.key(article: UInt64(index)), into: &buffer)
                picks.append(buffer)
            }
            let differing = (1..<picks.count).map { i in zip(picks[i - 1], picks[i]).filter { $0 != $1 }.count }
            #expect(Double(differing.reduce(0, +)) / Double(differing.count) > 8.9)
            // Both fragments of every section are used about equally.
            for section in 0..<9 {
                let second = batch.articles.filter { $0.fragments.filter { $0.kind == .fragment }[section].id.uuidString.hasSuffix(String(format: "%03d", (section + 1) * 100 + 2)) }.count
                #expect((1_800...2_200).contains(second), "section \(section): fragment 2 in \(second) of 4000")
            }
            // And the top-level groups of one fragment take both variants about equally.
            let firstWord = batch.articles.filter { $0.content.contains("first1_1_5 word") }.count
            let secondWord = batch.articles.filter { $0.content.contains("second1_1_5 word") }.count
            #expect(abs(firstWord - secondWord) < 250 && firstWord + secondWord > 1_800)
        }
    }

    @Test func theFourSectionCampaignOnceRefusedTakesEightThousand() async throws {
        // Per section 2 fragments × 2^8 variants; the old per-section rule stopped at 16 × 256 = 4096.
        try await SampleDatabase.with { connection in
            try await Self.modestCampaign(connection, sections: 4, cities: 1_000)
            let job = try await SampleDatabase.insertJob(connection, quantity: 8_000, filters: SampleDatabase.filters())
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
            #expect(prepared.plan.body.size == 1 << 36)
            let batch = try prepared.render(0..<2_000)
            #expect(Set(batch.articles.map(\.content)).count == 2_000)
        }
    }

    @Test func aWholeSpaceSmallerThanTheQuantityFailsBeforeWriting() async throws {
        try await SampleDatabase.with { connection in
            // Two sections of one fragment with two two-way groups: 4 × 4 = 16 bodies.
            try await Self.modestCampaign(connection, sections: 2, fragments: 1, groups: 2, cities: 20)
            let job = try await SampleDatabase.insertJob(connection, quantity: 17, filters: SampleDatabase.filters())
            let error = await #expect(throws: GenerationError.self) {
                try await ForegroundGeneration(threads: 1).run(job: job, connection: connection) { _ in }
            }
            #expect(error?.code == .capacity)
            #expect(error?.message.contains("16 distinct variants") == true)
            #expect(error?.message.contains("17 requested") == true)
            #expect(error?.diagnostics.first?.code == "E_CAPACITY")
            let written = try await connection.query("SELECT count(*) FROM generated_articles")[0].decode(Int.self, at: 0)
            #expect(written == 0)

            // Exactly the space fits, every body distinct.
            let fits = try await SampleDatabase.insertJob(connection, quantity: 16, filters: SampleDatabase.filters())
            try await ForegroundGeneration(threads: 1).run(job: fits, connection: connection) { _ in }
            let bodies = try await connection.query("SELECT count(DISTINCT content) FROM generated_articles WHERE job_id = $1", [fits.id])[0].decode(Int.self, at: 0)
            #expect(bodies == 16)
        }
    }

    @Test func titleTemplatesShareTheirVariantsOverTheWholeJob() async throws {
        try await SampleDatabase.with { connection in
            // One place, one persona, four title templates with 16, 24, 24 and 36 variants: 100 titles,
            // though the plain cartesian order would need 20 of each (and the headline has 16).
            let filters = SampleDatabase.filters(#", "geo": {"limit": 1}, "avatars": ["30000000-0000-4000-8000-000000000001"], "patterns": "all""#)
            let job = try await SampleDatabase.insertJob(connection, quantity: 100, filters: filters)
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
            #expect(prepared.plan.titleSpace == 100)
            let titles = try prepared.render(0..<100).articles.map(\.title)
            #expect(Set(titles).count == 100)

            let tooMany = try await SampleDatabase.insertJob(connection, quantity: 101, filters: filters)
            let error = await #expect(throws: GenerationError.self) {
                _ = try await CampaignArticleGenerator().prepareCampaignJob(job: tooMany, connection: connection)
            }
            #expect(error?.code == .capacity)
            #expect(error?.message.contains("100 distinct variants") == true)
            #expect(error?.message.contains("101 requested") == true)
            #expect(error?.diagnostics.count == 1)
            #expect(error?.message.contains("campaign headline 16 + ") == true)
        }
    }

    @Test func everyFragmentOfTheSampleIsUsedAboutEqually() async throws {
        // The sample's fragments have very unequal variant counts (intro_hook: about 181 million, 331,776
        // and 98,304); weighting by them would leave the small ones nearly unused.
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 600, filters: SampleDatabase.filters(#", "patterns": "all""#))
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
            let articles = try prepared.render(0..<600).articles
            for section in prepared.plan.sections where !section.isOffer {
                for fragment in section.choices {
                    let uses = articles.filter { $0.fragments.contains { $0.id == fragment.row.id } }.count
                    #expect(uses >= 600 / section.choices.count * 6 / 10, "\(fragment.row.name) in \(uses) of 600 articles")
                }
            }
        }
    }

    @Test func alternatesKeepTheTitleAndAvoidEveryPlannedBody() async throws {
        try await SampleDatabase.with { connection in
            try await Self.modestCampaign(connection, cities: 60)
            let job = try await SampleDatabase.insertJob(connection, quantity: 300, filters: SampleDatabase.filters())
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
            let planned = try prepared.render(0..<300).articles
            let plannedBodies = Set(planned.map(\.content))
            var buffers = PreparedCampaignJob.RenderBuffers()
            var alternates = Set<String>()
            for index in stride(from: 0, to: 300, by: 7) {
                #expect(try prepared.renderArticle(index, alternate: 0, buffers: &buffers) == planned[index])
                for alternate in 1...3 {
                    let article = try prepared.renderArticle(index, alternate: alternate, buffers: &buffers)
                    #expect(article.title == planned[index].title)
                    #expect(article.sequence == index)
                    #expect(article.maskTerms == planned[index].maskTerms)
                    #expect(!plannedBodies.contains(article.content), "alternate \(alternate) of \(index) repeats a planned body")
                    #expect(alternates.insert(article.content).inserted)
                    #expect(try prepared.renderArticle(index, alternate: alternate, buffers: &buffers) == article)
                    // A replacement changes more than one section.
                    let changed = zip(article.content.split(separator: "\n"), planned[index].content.split(separator: "\n")).filter { $0 != $1 }.count
                    #expect(changed >= 5)
                }
            }
            let first = planned[0]
            #expect(first.fragments.map(\.type) == Self.sectionTypes.prefix(8) + ["offer_block", "conclusion"])
            #expect(first.fragments.filter { $0.kind == .fragment }.count == 9)
            let coordinates = prepared.plan.generation.coordinates(of: 0)
            let geo = prepared.data.geo[coordinates.geo]
            let persona = prepared.data.avatars[coordinates.avatar].baseName
            #expect(first.maskTerms == [geo.city, geo.county, geo.state, geo.stateCode, persona].compactMap { $0 })
            #expect(first.maskTerms.count == 5)
        }
    }

    /// A generator whose batches fail to write from `failFrom` on, as a daemon killed mid-job would.
    struct InterruptedGenerator: ArticleGenerator {
        let failFrom: Int
        struct Prepared: PreparedGeneration {
            let inner: any PreparedGeneration
            let failFrom: Int
            var targetQuantity: Int { inner.targetQuantity }
            func render(_ range: Range<Int>) throws -> RenderedBatch { try inner.render(range) }
            func commit(_ batch: RenderedBatch, with statements: BatchStatements, on connection: PostgresConnection) async throws -> BatchCommit {
                if batch.range.lowerBound >= failFrom { throw CancellationError() }
                return try await inner.commit(batch, with: statements, on: connection)
            }
        }
        func prepare(job: JobRecord, connection: PostgresConnection) async throws -> any PreparedGeneration {
            Prepared(inner: try await CampaignArticleGenerator().prepare(job: job, connection: connection), failFrom: failFrom)
        }
    }

    @Test func resumedJobEqualsUninterruptedAndThreadsDoNotMatter() async throws {
        let id = UUID(uuidString: "0badcafe-0000-4000-8000-000000000099")!
        func run(interruptAt: Int?, threads: Int) async throws -> [[String]] {
            try await SampleDatabase.with { connection in
                try await Self.modestCampaign(connection, cities: 100)
                try await connection.execute("""
                    INSERT INTO generation_jobs (id, site_id, target_quantity, batch_size, filters, created_at)
                    VALUES ($1, $2, 400, 50, $3::jsonb, '2025-03-01T12:00:00Z')
                    """, [id, SampleDatabase.site, SampleDatabase.filters()])
                if let interruptAt {
                    let job = try await ForegroundGeneration.loadJob(id, connection: connection)
                    await #expect(throws: CancellationError.self) {
                        try await ForegroundGeneration(generator: InterruptedGenerator(failFrom: interruptAt), threads: threads)
                            .run(job: job, connection: connection) { _ in }
                    }
                    let offset = try await connection.query("SELECT current_offset FROM generation_jobs WHERE id = $1", [id])[0].decode(Int.self, at: 0)
                    #expect(offset == interruptAt)
                }
                let job = try await ForegroundGeneration.loadJob(id, connection: connection)
                try await ForegroundGeneration(threads: threads).run(job: job, connection: connection) { _ in }
                let rows = try await connection.query(
                    "SELECT job_seq::text, title, slug, content, schema_json::text FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [id])
                return try rows.map { row in try (0..<5).map { try row.decode(String.self, at: $0) } }
            }
        }
        let uninterrupted = try await run(interruptAt: nil, threads: 2)
        let resumed = try await run(interruptAt: 150, threads: 2)
        let oneThread = try await run(interruptAt: nil, threads: 1)
        #expect(uninterrupted.count == 400)
        #expect(Set(uninterrupted.map { $0[3] }).count == 400)
        #expect(resumed == uninterrupted)
        #expect(oneThread == uninterrupted)
    }
}
