import Foundation
import PostgresClient
import PostgresTestSupport
import Testing
@testable import ContentFactory

/// Generation against a real PostgreSQL with the sample campaign (issue 5's "must show").
@Suite struct GenerationTests {
    /// Runs a whole job in the foreground and returns its rows.
    func generate(_ connection: PostgresConnection, _ job: JobRecord, threads: Int = 2) async throws {
        try await ForegroundGeneration(threads: threads).run(job: job, connection: connection) { _ in }
    }

    struct ArticleRow: Equatable {
        var seq: Int, title: String, slug: String, content: String, schema: String
    }

    func articles(_ connection: PostgresConnection, job: UUID) async throws -> [ArticleRow] {
        let rows = try await connection.query(
            "SELECT job_seq, title, slug, content, schema_json::text FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [job])
        return try rows.map {
            ArticleRow(seq: try $0.decode(Int.self, at: 0), title: try $0.decode(String.self, at: 1), slug: try $0.decode(String.self, at: 2),
                       content: try $0.decode(String.self, at: 3), schema: try $0.decode(String.self, at: 4))
        }
    }

    func articleCount(_ connection: PostgresConnection) async throws -> Int {
        try await connection.query("SELECT count(*) FROM generated_articles")[0].decode(Int.self, at: 0)
    }

    @Test func fiveHundredArticlesAreDistinctAndWellFormed() async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 500, filters: SampleDatabase.filters(#", "patterns": "all""#))
            try await generate(connection, job)
            let rows = try await articles(connection, job: job.id)
            #expect(rows.count == 500)
            #expect(rows.map(\.seq) == Array(0..<500))
            #expect(Set(rows.map(\.content)).count == 500)
            #expect(Set(rows.map(\.slug)).count == 500)
            let places = try await connection.query("""
                SELECT c.name, s.name FROM locations_cities c JOIN locations_states s ON s.id = c.state
                """).map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
            for row in rows {
                #expect(row.title.count <= 255 && !row.title.isEmpty)
                for text in [row.title, row.content] {
                    #expect(!text.contains("{") && !text.contains("}") && !text.contains("|"), "markup left in article \(row.seq)")
                }
                let object = try #require(try JSONSerialization.jsonObject(with: Data(row.schema.utf8)) as? [String: Any])
                #expect(object["@type"] as? String == "Article")
                #expect((object["mainEntityOfPage"] as? String)?.hasSuffix("/" + row.slug) == true)
                // The article is about one of the places, and names its city and state.
                let place = places.first { row.title.contains($0.0) || row.content.contains("in \($0.0)") }
                let (city, state) = try #require(place, "article \(row.seq) names no sample city")
                #expect(row.content.contains(city))
                #expect(row.content.contains(state) || row.title.contains(state))
            }
            let job2 = try await connection.query("SELECT status, current_offset, progress FROM generation_jobs WHERE id = $1", [job.id])[0]
            #expect(try job2.decode(String.self, at: 0) == "completed")
            #expect(try job2.decode(Int.self, at: 1) == 500)
            #expect(try job2.decode(Int.self, at: 2) == 100)
            let headlines = try await connection.query("SELECT count(*) FROM headline_inventory WHERE is_used")[0].decode(Int.self, at: 0)
            #expect(headlines == 500)
        }
    }

    @Test func sameJobOnTwoDatabasesIsByteIdentical() async throws {
        let id = UUID(uuidString: "0badcafe-0000-4000-8000-000000000042")!
        func run() async throws -> [ArticleRow] {
            try await SampleDatabase.with { connection in
                try await connection.execute("""
                    INSERT INTO generation_jobs (id, site_id, target_quantity, batch_size, filters, created_at)
                    VALUES ($1, $2, 120, 40, $3::jsonb, '2025-03-01T12:00:00Z')
                    """, [id, SampleDatabase.site, SampleDatabase.filters(#", "patterns": "all""#)])
                let job = try await ForegroundGeneration.loadJob(id, connection: connection)
                try await generate(connection, job)
                return try await articles(connection, job: id)
            }
        }
        let first = try await run()
        let second = try await run()
        #expect(first.count == 120)
        #expect(first == second)
    }

    @Test func batchesAndThreadCountsDoNotChangeOutput() async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 200, batchSize: 25, filters: SampleDatabase.filters(#", "patterns": "all""#))
            let prepared = try await CampaignArticleGenerator().prepare(job: job, connection: connection)
            let whole = try await BatchRenderer(parallelism: 1).render(0..<200, of: prepared)
            let parallel = try await BatchRenderer(parallelism: 2).render(0..<200, of: prepared)
            let batchThree = try prepared.render(75..<100)
            #expect(whole.articles == parallel.articles)
            #expect(Array(whole.articles[75..<100]) == batchThree.articles)
        }
    }

    @Test func fiveHundredArticlesOverThreeHundredCitiesCoverEveryCity() async throws {
        try await SampleDatabase.with { connection in
            try await connection.executeScript("""
                INSERT INTO locations_cities (name, state, county, population)
                SELECT 'Testville ' || n, '70000000-0000-4000-8000-000000000001', '71000000-0000-4000-8000-000000000001', 1000 + n
                FROM generate_series(1, 294) n
                """)
            let job = try await SampleDatabase.insertJob(connection, quantity: 500, batchSize: 100, filters: SampleDatabase.filters())
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
            #expect(prepared.data.geo.count == 300)
            let batch = try prepared.render(0..<500)
            let cities = Set(prepared.data.geo.compactMap(\.city))
            var perCity: [String: Int] = [:]
            for article in batch.articles {
                let city = article.schema.locality ?? ""
                #expect(article.content.contains(city))
                perCity[city, default: 0] += 1
            }
            #expect(Set(perCity.keys) == cities)
            #expect(perCity.count == 300)
            #expect(perCity.values.allSatisfy { $0 >= 1 && $0 <= 2 })
        }
    }

    /// Runs the job, expecting a GenerationError and no article written.
    func expectFailure(_ connection: PostgresConnection, filters: String, quantity: Int = 50) async throws -> GenerationError {
        let job = try await SampleDatabase.insertJob(connection, quantity: quantity, filters: filters)
        let error = await #expect(throws: GenerationError.self) { try await generate(connection, job) }
        #expect(try await articleCount(connection) == 0)
        return try #require(error)
    }

    @Test func unknownFiltersKeyIsNamed() async throws {
        try await SampleDatabase.with { connection in
            let error = try await expectFailure(connection, filters: SampleDatabase.filters(#", "min_populaton": 5"#))
            #expect(error.code == .invalidSpec)
            #expect(error.message.contains("filters.min_populaton"))
            #expect(error.message.contains("unknown key"))
        }
    }

    @Test func missingOrUnknownCampaignIsNamed() async throws {
        try await SampleDatabase.with { connection in
            let missing = try await expectFailure(connection, filters: #"{"variables": {"Niche": "Solar"}}"#)
            #expect(missing.code == .invalidSpec)
            #expect(missing.message.contains("campaign_id"))
            let ghost = UUID(uuidString: "99999999-0000-4000-8000-000000000000")!
            let unknown = try await expectFailure(connection, filters: #"{"campaign_id": "\#(ghost.uuidString)"}"#)
            #expect(unknown.code == .missingData)
            #expect(unknown.message.contains(ghost.uuidString.lowercased()))
        }
    }

    @Test func unclosedBraceInAFragmentIsPositioned() async throws {
        try await SampleDatabase.with { connection in
            let fragment = UUID(uuidString: "21000000-0000-4000-8000-000000000004")!
            // Line 2, column 11: the `{` of `{residential|home}` loses its `}`.
            try await connection.execute(
                "UPDATE content_fragments SET fragment_text = replace(fragment_text, '{residential|home}', '{residential|home') WHERE id = $1",
                [fragment])
            let error = try await expectFailure(connection, filters: SampleDatabase.filters())
            #expect(error.code == .validationFailed)
            let diagnostic = try #require(error.diagnostics.first { $0.code == "E002" })
            #expect(diagnostic.templateID == fragment)
            #expect(diagnostic.templateName == "fragment pillar_1 #1")
            #expect(diagnostic.line == 2)
            #expect(diagnostic.column == 9)
        }
    }

    @Test func unboundVariableIsAnError() async throws {
        try await SampleDatabase.with { connection in
            // The job does not bind Niche.
            let error = try await expectFailure(connection, filters: #"{"campaign_id": "\#(SampleDatabase.campaign.uuidString)"}"#)
            #expect(error.code == .validationFailed)
            #expect(error.diagnostics.contains { $0.code == "E004" && $0.message.contains("Niche") && $0.line != nil })
        }
    }

    @Test func cityWithoutCountyOutsideAConditionalNamesTheRow() async throws {
        try await SampleDatabase.with { connection in
            let city = UUID(uuidString: "72000000-0000-4000-8000-0000000000ff")!
            try await connection.execute(
                "INSERT INTO locations_cities (id, name, state, county, population) VALUES ($1, 'Nowhere', '70000000-0000-4000-8000-000000000001', NULL, 5000)",
                [city])
            try await connection.execute(
                "UPDATE content_fragments SET fragment_text = fragment_text || ' Serving {County}.' WHERE id = '21000000-0000-4000-8000-000000000001'")
            let error = try await expectFailure(connection, filters: SampleDatabase.filters())
            let finding = try #require(error.diagnostics.first { $0.code == "R001" })
            #expect(finding.rowID == city)
            #expect(finding.message.contains("County"))
            #expect(finding.line != nil && finding.column != nil)
        }
    }

    @Test func quantityLargerThanTheSpaceIsACapacityError() async throws {
        try await SampleDatabase.with { connection in
            // One city, one avatar, the headline only: 16 title variants for one combination.
            let filters = SampleDatabase.filters(#", "geo": {"limit": 1}, "avatars": ["30000000-0000-4000-8000-000000000001"]"#)
            let error = try await expectFailure(connection, filters: filters, quantity: 40)
            #expect(error.code == .capacity)
            #expect(error.message.contains("16"))
            #expect(error.message.contains("40"))
        }
    }

    @Test func scriptInACityNameIsEscapedInTheBodyAndVerbatimInTheTitle() async throws {
        try await SampleDatabase.with { connection in
            try await connection.execute("DELETE FROM locations_cities")
            try await connection.execute("""
                INSERT INTO locations_cities (name, state, county, population)
                VALUES ('<script>alert(1)</script>', '70000000-0000-4000-8000-000000000001', '71000000-0000-4000-8000-000000000001', 1234)
                """)
            let job = try await SampleDatabase.insertJob(connection, quantity: 3, filters: SampleDatabase.filters())
            try await generate(connection, job)
            let rows = try await articles(connection, job: job.id)
            #expect(rows.count == 3)
            for row in rows {
                #expect(row.title.contains("<script>alert(1)</script>"))
                #expect(row.content.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!row.content.contains("<script>"))
            }
        }
    }

    @Test func inventoryHeadlinesAreClaimedOnceAndRunningOutIsAnError() async throws {
        try await SampleDatabase.with { connection in
            try await connection.executeScript("""
                INSERT INTO headline_inventory (campaign_id, headline_text, is_used, status)
                SELECT '20000000-0000-4000-8000-000000000001', 'Inventory headline number ' || n, false, 'active'
                FROM generate_series(1, 30) n
                """)
            let filters = SampleDatabase.filters(#", "headline_source": "inventory""#)
            let job = try await SampleDatabase.insertJob(connection, quantity: 20, batchSize: 10, filters: filters)
            try await generate(connection, job)
            let rows = try await articles(connection, job: job.id)
            #expect(rows.count == 20)
            #expect(rows.allSatisfy { $0.title.hasPrefix("Inventory headline number ") })
            #expect(Set(rows.map(\.title)).count == 20)
            let unused = try await connection.query("SELECT count(*) FROM headline_inventory WHERE NOT is_used")[0].decode(Int.self, at: 0)
            #expect(unused == 10)

            let second = try await SampleDatabase.insertJob(connection, quantity: 20, batchSize: 10, filters: filters)
            let error = await #expect(throws: GenerationError.self) { try await generate(connection, second) }
            #expect(error?.code == .inventoryExhausted)
            #expect(error?.message.contains("10 unused headlines") == true)
            #expect(try await articles(connection, job: second.id).isEmpty)
        }
    }
}
