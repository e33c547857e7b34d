import Foundation
import Logging
import PostgresClient
import PostgresTestSupport
import Testing
@testable import ContentFactory

/// Internal links, headline jobs and the FAQ schema against a real PostgreSQL (issue 13's "must show").
@Suite struct InternalLinkTests {
    /// Ten targets whose keywords occur in the sample campaign's fragments, with URLs that need escaping.
    static let targets: [(id: String, url: String, keyword: String)] = [
        ("b0000000-0000-4000-8000-000000000001", "https://example.com/installers?city=austin&ref=cf", "installer"),
        ("b0000000-0000-4000-8000-000000000002", "/equipment/inverters", "inverter"),
        ("b0000000-0000-4000-8000-000000000003", "https://example.com/payback-calculator", "payback"),
        ("b0000000-0000-4000-8000-000000000004", #"/guides/roof?note="ok"&x='1'"#, "roof"),
        ("b0000000-0000-4000-8000-000000000005", "https://example.com/incentives#federal", "incentives"),
        ("b0000000-0000-4000-8000-000000000006", "/warranty", "warranty"),
        ("b0000000-0000-4000-8000-000000000007", "https://example.com/get-quotes", "quotes"),
        ("b0000000-0000-4000-8000-000000000008", "/panels", "panels"),
        ("b0000000-0000-4000-8000-000000000009", "/utility-rates", "utility"),
        ("b0000000-0000-4000-8000-00000000000a", "http://example.com/savings", "savings"),
    ]

    static func insertTargets(_ connection: PostgresConnection) async throws {
        for target in targets {
            try await connection.execute("""
                INSERT INTO link_targets (id, site_id, target_url, anchor_text, keyword_focus, status)
                VALUES ($1::uuid, $2, $3, $4, $5, 'active')
                """, [target.id, SampleDatabase.site, target.url, "All about \(target.keyword)", target.keyword])
        }
    }

    /// 300 places (the sample's 6 and 294 more), enough combinations for thousands of distinct titles.
    static func addPlaces(_ connection: PostgresConnection) async throws {
        try await connection.executeScript("""
            INSERT INTO locations_cities (name, state, county, population)
            SELECT 'Testville ' || n, '70000000-0000-4000-8000-000000000001', '71000000-0000-4000-8000-000000000001', 1000 + n
            FROM generate_series(1, 294) n
            """)
    }

    /// Links to the targets in `content` (the offer blocks have links of their own).
    static func targetLinks(in content: String) -> Int {
        targets.map { content.components(separatedBy: "<a href=\"\(HTMLEscaping.attribute($0.url))\">").count - 1 }.reduce(0, +)
    }

    struct Row: Equatable {
        var seq: Int, title: String, slug: String, content: String, schema: String
    }

    static func rows(_ connection: PostgresConnection, job: UUID) async throws -> [Row] {
        try await connection.query(
            "SELECT job_seq, title, slug, content, schema_json::text FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [job]
        ).map {
            Row(seq: try $0.decode(Int.self, at: 0), title: try $0.decode(String.self, at: 1), slug: try $0.decode(String.self, at: 2),
                content: try $0.decode(String.self, at: 3), schema: try $0.decode(String.self, at: 4))
        }
    }

    struct Checked: Decodable {
        struct Article: Decodable {
            var seq: Int, links: [String], texts: [String], eligible: [String]
        }
        var errors: [String]
        var articles: [Article]
    }

    /// Parses every body with html5lib in strict mode (Debian's python3-html5lib, which scripts/test
    /// installs) and reports its target links and which targets' keywords occur.
    static func checkWithHTMLParser(_ rows: [Row]) throws -> Checked {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw HTMLParserMissing(detail: "\(python) not found; run scripts/install-deps python3-html5lib")
        }
        let script = try #require(Bundle.module.url(forResource: "check-links", withExtension: "py", subdirectory: "Fixtures"))
        let request: [String: Any] = [
            "targets": targets.map { ["url": $0.url, "keyword": $0.keyword] },
            "articles": rows.map { ["seq": $0.seq, "content": $0.content] },
        ]
        let input = try JSONSerialization.data(withJSONObject: request)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cf-links-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputFile = directory.appendingPathComponent("in.json"), outputFile = directory.appendingPathComponent("out.json")
        let errorFile = directory.appendingPathComponent("err.txt")
        try input.write(to: inputFile)
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path]
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw HTMLParserMissing(detail: "the html5lib check exited \(process.terminationStatus) (is python3-html5lib installed? scripts/install-deps python3-html5lib): \(stderr.suffix(2000))")
        }
        return try JSONDecoder().decode(Checked.self, from: Data(contentsOf: outputFile))
    }

    struct HTMLParserMissing: Error, CustomStringConvertible {
        var detail: String
        var description: String { detail }
    }

    static let jobID = UUID(uuidString: "0badcafe-0000-4000-8000-000000000013")!

    /// The 2,000-article job with links, run on a fresh copy of the sample database.
    /// - Parameter resumeAt: when set, the job's rows from that job_seq on are deleted afterwards and the
    ///   job is resumed there by a fresh preparation, as after a crash.
    static func runLinkedJob(batchSize: Int, threads: Int, resumeAt: Int? = nil) async throws -> [Row] {
        try await SampleDatabase.with { connection in
            try await addPlaces(connection)
            try await insertTargets(connection)
            try await connection.execute("""
                INSERT INTO generation_jobs (id, site_id, target_quantity, batch_size, filters, created_at)
                VALUES ($1, $2, 2000, $3, $4::jsonb, '2025-03-01T12:00:00Z')
                """, [jobID, SampleDatabase.site, batchSize, SampleDatabase.filters(#", "patterns": "all""#)])
            let job = try await ForegroundGeneration.loadJob(jobID, connection: connection)
            try await ForegroundGeneration(threads: threads).run(job: job, connection: connection) { _ in }
            if let resumeAt {
                try await connection.execute("DELETE FROM generated_articles WHERE job_id = $1 AND job_seq >= $2", [jobID, resumeAt])
                try await connection.execute("UPDATE generation_jobs SET current_offset = $2, status = 'processing' WHERE id = $1", [jobID, resumeAt])
                let resumed = try await ForegroundGeneration.loadJob(jobID, connection: connection)
                try await ForegroundGeneration(threads: 3 - threads).run(job: resumed, connection: connection) { _ in }
            }
            return try await rows(connection, job: jobID)
        }
    }

    @Test func twoThousandArticlesGetSpreadWellFormedLinksAndARerunIsByteIdentical() async throws {
        let rows = try await Self.runLinkedJob(batchSize: 100, threads: 2)
        #expect(rows.count == 2000)
        // Uniqueness holds with links on: the bodies differ without their links too.
        let unlinked = rows.map { row in
            Self.targets.reduce(row.content) { text, target in
                var text = text
                while let open = text.range(of: "<a href=\"\(HTMLEscaping.attribute(target.url))\">"),
                      let close = text.range(of: "</a>", range: open.upperBound..<text.endIndex) {
                    text.replaceSubrange(open.lowerBound..<close.upperBound, with: text[open.upperBound..<close.lowerBound])
                }
                return text
            }
        }
        #expect(Set(unlinked).count == 2000)
        let checked = try Self.checkWithHTMLParser(rows)
        #expect(checked.errors.isEmpty, "\(checked.errors.prefix(5))")
        #expect(checked.articles.count == 2000)

        var linksPerTarget: [String: Int] = [:]
        var eligibleArticles: [String: Int] = [:]
        for article in checked.articles {
            let keywordsOccur = !article.eligible.isEmpty
            #expect(article.links.count <= 3, "article \(article.seq) has \(article.links.count) links")
            if keywordsOccur {
                #expect(article.links.count >= 1, "article \(article.seq): keywords occur, no link")
                #expect(article.links.count == min(3, article.eligible.count), "article \(article.seq): \(article.links) of \(article.eligible)")
            }
            #expect(Set(article.links).count == article.links.count, "article \(article.seq) links a target twice")
            for (url, text) in zip(article.links, article.texts) {
                let keyword = try #require(Self.targets.first { $0.url == url }?.keyword)
                #expect(text.lowercased() == keyword, "article \(article.seq): link text \(text) for \(keyword)")
                linksPerTarget[url, default: 0] += 1
            }
            for url in article.eligible { eligibleArticles[url, default: 0] += 1 }
        }
        #expect(checked.articles.filter { !$0.eligible.isEmpty }.count > 1900)
        // Every target's keyword occurs somewhere, and the links are spread: none gets more than
        // twice the links of the least-linked one.
        #expect(Set(eligibleArticles.keys) == Set(Self.targets.map(\.url)), "\(eligibleArticles)")
        let counts = Self.targets.map { linksPerTarget[$0.url] ?? 0 }
        let least = try #require(counts.min()), most = try #require(counts.max())
        #expect(least > 0 && most <= 2 * least, "links per target \(counts); articles where each keyword occurs \(Self.targets.map { eligibleArticles[$0.url] ?? 0 })")
        for row in rows {
            #expect(!row.title.contains("<a"), "a link in the title of article \(row.seq)")
        }

        // A re-run on a fresh copy, with other batch boundaries and one thread, and resumed half way
        // on two threads, writes the same bytes.
        let again = try await Self.runLinkedJob(batchSize: 37, threads: 1, resumeAt: 1013)
        #expect(again == rows)
    }

    @Test func linksReportInWorkLogAndTurnOff() async throws {
        try await SampleDatabase.with { connection in
            try await Self.insertTargets(connection)
            let job = try await SampleDatabase.insertJob(connection, quantity: 30, batchSize: 10, filters: SampleDatabase.filters())
            let worker = WorkerIdentity(id: "links-test")
            let claimed = try await JobStore(worker: worker).claim(limit: 1, on: connection)
            #expect(claimed.map(\.id) == [job.id])
            let runner = JobRunner(store: JobStore(worker: worker), generator: CampaignArticleGenerator(), renderer: BatchRenderer(parallelism: 2),
                                   backoff: RetryBackoff(), logger: Logger(label: "links-test"))
            #expect(await runner.run(JobControl(job: claimed[0]), on: connection) == .completed)

            let batches = try await connection.query("""
                SELECT (details->'links'->>'inserted')::int, (SELECT sum(v::int) FROM jsonb_each_text(details->'links'->'by_target') AS t(k, v))
                FROM work_log WHERE entity_id = $1 AND action = 'batch.committed' ORDER BY id
                """, [job.id.uuidString.lowercased()])
            #expect(batches.count == 3)
            var inserted = 0
            for row in batches {
                let count = try row.decode(Int.self, at: 0)
                #expect(count > 0 && count <= 30)
                #expect(try row.decode(Int.self, at: 1) == count)
                inserted += count
            }
            let completed = try await connection.query(
                "SELECT (details->>'links_inserted')::int FROM work_log WHERE entity_id = $1 AND action = 'job.completed'",
                [job.id.uuidString.lowercased()])
            #expect(try completed.first?.decode(Int.self, at: 0) == inserted)
            let written = try await Self.rows(connection, job: job.id).map { Self.targetLinks(in: $0.content) }.reduce(0, +)
            #expect(written == inserted)

            for off in [#", "links": false"#, #", "links": {"enabled": false}"#] {
                let plain = try await SampleDatabase.insertJob(connection, quantity: 5, filters: SampleDatabase.filters(off))
                try await ForegroundGeneration(threads: 1).run(job: plain, connection: connection) { _ in }
                for row in try await Self.rows(connection, job: plain.id) { #expect(Self.targetLinks(in: row.content) == 0) }
            }
        }
    }

    @Test func javascriptTargetFailsTheJobBeforeWritingAndNamesTheRow() async throws {
        try await SampleDatabase.with { connection in
            try await Self.insertTargets(connection)
            let bad = "c0000000-0000-4000-8000-0000000000bd"
            try await connection.execute("""
                INSERT INTO link_targets (id, site_id, target_url, keyword_focus) VALUES ($1::uuid, $2, 'javascript:alert(1)', 'solar')
                """, [bad, SampleDatabase.site])
            let job = try await SampleDatabase.insertJob(connection, quantity: 20, filters: SampleDatabase.filters())
            let error = await #expect(throws: GenerationError.self) {
                try await ForegroundGeneration(threads: 1).run(job: job, connection: connection) { _ in }
            }
            #expect(error?.code == .link)
            #expect(error?.message.contains(bad) == true, "\(String(describing: error))")
            #expect(error?.diagnostics.contains { $0.rowID == UUID(uuidString: bad) && $0.code == "E_LINK" } == true)
            #expect(try await connection.query("SELECT count(*) FROM generated_articles")[0].decode(Int.self, at: 0) == 0)
            // With links off, the row is not the job's business.
            let off = try await SampleDatabase.insertJob(connection, quantity: 2, filters: SampleDatabase.filters(#", "links": false"#))
            try await ForegroundGeneration(threads: 1).run(job: off, connection: connection) { _ in }
        }
    }

    @Test func anchorTextModeAndFAQSchema() async throws {
        try await SampleDatabase.with { connection in
            try await Self.insertTargets(connection)
            let filters = SampleDatabase.filters(#", "links": {"anchor": "anchor_text", "max_per_article": 1}, "faq_schema": true"#)
            let job = try await SampleDatabase.insertJob(connection, quantity: 20, filters: filters)
            try await ForegroundGeneration(threads: 1).run(job: job, connection: connection) { _ in }
            let rows = try await Self.rows(connection, job: job.id)
            let checked = try Self.checkWithHTMLParser(rows)
            #expect(checked.errors.isEmpty, "\(checked.errors.prefix(3))")
            for article in checked.articles {
                #expect(article.links.count == 1)
                for (url, text) in zip(article.links, article.texts) {
                    #expect(text == "All about " + (Self.targets.first { $0.url == url }?.keyword ?? "?"))
                }
            }
            for row in rows {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(row.schema.utf8)) as? [String: Any])
                let graph = try #require(object["@graph"] as? [[String: Any]], "article \(row.seq) has no FAQ graph")
                #expect(graph.map { $0["@type"] as? String } == ["Article", "FAQPage"])
                let questions = try #require(graph[1]["mainEntity"] as? [[String: Any]])
                #expect(questions.count == 3)
                for question in questions {
                    let name = try #require(question["name"] as? String)
                    #expect(name.hasSuffix("?") && row.content.contains("<h3>\(name)</h3>"))
                }
            }
        }
    }

    @Test func headlineJobsFillTheInventoryOnceAndArticleJobsUseEachOnce() async throws {
        try await SampleDatabase.with { connection in
            try await Self.addPlaces(connection)
            let filters = SampleDatabase.filters(#", "kind": "headlines", "patterns": "all", "seed": 13, "avatars": ["30000000-0000-4000-8000-000000000001"]"#)
            let first = try await SampleDatabase.insertJob(connection, quantity: 5000, batchSize: 500, filters: filters)
            let worker = WorkerIdentity(id: "headlines-test")
            let store = JobStore(worker: worker)
            let runner = JobRunner(store: store, generator: CampaignArticleGenerator(), renderer: BatchRenderer(parallelism: 2),
                                   backoff: RetryBackoff(), logger: Logger(label: "headlines-test"))
            let report = try await CampaignArticleGenerator().report(job: first, connection: connection)
            #expect(!report.hasErrors && report.explanation["kind"]?.hasPrefix("headlines") == true)
            #expect(report.explanation["first headlines"]?.contains("Testville") == false && report.explanation["first headlines"]?.isEmpty == false)
            let claimed = try await store.claim(limit: 1, on: connection)
            #expect(claimed.map(\.id) == [first.id])
            #expect(await runner.run(JobControl(job: try #require(claimed.first)), on: connection) == .completed)
            let failure = try await connection.query("SELECT last_error FROM generation_jobs WHERE id = $1", [first.id])[0].decode(String?.self, at: 0)
            #expect(failure == nil)
            func inventory() async throws -> (rows: Int, distinct: Int, unused: Int) {
                let row = try await connection.query("""
                    SELECT count(*), count(DISTINCT headline_text), count(*) FILTER (WHERE NOT is_used AND status = 'active')
                    FROM headline_inventory WHERE campaign_id = $1
                    """, [SampleDatabase.campaign])[0]
                return (try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1), try row.decode(Int.self, at: 2))
            }
            #expect(try await inventory() == (5000, 5000, 5000))
            #expect(try await connection.query("SELECT count(*) FROM generated_articles")[0].decode(Int.self, at: 0) == 0)
            let logged = try await connection.query("""
                SELECT count(*) FILTER (WHERE action = 'batch.committed'),
                       sum((details->'headlines'->>'inserted')::int) FILTER (WHERE action = 'batch.committed'),
                       max((details->>'headlines_inserted')::int) FILTER (WHERE action = 'job.completed')
                FROM work_log WHERE entity_id = $1
                """, [first.id.uuidString.lowercased()])[0]
            #expect(try logged.decode(Int.self, at: 0) == 10)
            #expect(try logged.decode(Int.self, at: 1) == 5000)
            #expect(try logged.decode(Int.self, at: 2) == 5000)
            let progress = try await connection.query("SELECT status, current_offset, progress FROM generation_jobs WHERE id = $1", [first.id])[0]
            #expect(try progress.decode(String.self, at: 0) == "completed")
            #expect(try progress.decode(Int.self, at: 1) == 5000)

            // The same job again adds nothing; run in the foreground, resumed half way, too.
            let second = try await SampleDatabase.insertJob(connection, quantity: 5000, batchSize: 700, filters: filters)
            try await connection.execute("UPDATE generation_jobs SET current_offset = 2100 WHERE id = $1", [second.id])
            try await ForegroundGeneration(threads: 1).run(job: try await ForegroundGeneration.loadJob(second.id, connection: connection), connection: connection) { _ in }
            #expect(try await inventory() == (5000, 5000, 5000))

            // An article job takes its titles from the inventory, each once.
            let articles = try await SampleDatabase.insertJob(
                connection, quantity: 5000, batchSize: 250,
                filters: SampleDatabase.filters(#", "headline_source": "inventory", "patterns": "all", "avatars": ["30000000-0000-4000-8000-000000000001"]"#))
            try await ForegroundGeneration(threads: 2).run(job: articles, connection: connection) { _ in }
            let used = try await connection.query("""
                SELECT count(*), count(DISTINCT a.title), count(h.id)
                FROM generated_articles a
                LEFT JOIN headline_inventory h ON h.campaign_id = a.campaign_id AND h.headline_text = a.title AND h.is_used
                WHERE a.job_id = $1
                """, [articles.id])[0]
            #expect(try used.decode(Int.self, at: 0) == 5000)
            #expect(try used.decode(Int.self, at: 1) == 5000)
            #expect(try used.decode(Int.self, at: 2) == 5000)
            #expect(try await inventory() == (5000, 5000, 0))
        }
    }

    @Test func relatedLinksPointToEarlierArticlesOfTheSameCountyOrState() async throws {
        try await SampleDatabase.with { connection in
            try await Self.addPlaces(connection)  // 294 more places in Austin's county
            let job = try await SampleDatabase.insertJob(connection, quantity: 120, batchSize: 25,
                                                         filters: SampleDatabase.filters(#", "links": {"related": 3}"#))
            try await ForegroundGeneration(threads: 2).run(job: job, connection: connection) { _ in }
            let rows = try await Self.rows(connection, job: job.id)
            #expect(rows.count == 120)
            let bySlug = Dictionary(uniqueKeysWithValues: rows.map { ($0.slug, $0) })
            func region(_ row: Row) throws -> String? {
                let object = try JSONSerialization.jsonObject(with: Data(row.schema.utf8)) as? [String: Any]
                return ((object?["about"] as? [String: Any])?["address"] as? [String: Any])?["addressRegion"] as? String
            }
            var linked = 0
            for row in rows {
                guard let list = row.content.range(of: #"<section class="cf-related">"#) else { continue }
                let hrefs = row.content[list.upperBound...].components(separatedBy: #"<li><a href=""#).dropFirst()
                    .map { String($0.prefix { $0 != "\"" }) }
                #expect((1...3).contains(hrefs.count))
                for href in hrefs {
                    let slug = String(try #require(href.split(separator: "/").last))
                    let target = try #require(bySlug[slug], "article \(row.seq) links \(href), not an article of the job")
                    #expect(target.seq < row.seq)
                    #expect(try region(target) == region(row))
                    // Places 0–5 are the sample's cities (Austin is place 2), then the Testvilles: from
                    // place 8 on, three earlier articles share the county, so no link leaves it.
                    if row.seq >= 8 {
                        #expect(target.title.contains("Testville") || target.title.contains("Austin"), "\(target.title) is not in the county")
                    }
                    #expect(row.content.contains(">\(HTMLEscaping.text(target.title))</a></li>"))
                    linked += 1
                }
            }
            #expect(linked > 300)
        }
    }

    @Test func headlineAndLinkSpecsAreValidated() throws {
        func error(_ json: String) -> JobSpecError? {
            do {
                _ = try JobSpec(filters: #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "# + json + "}")
                return nil
            } catch {
                return error
            }
        }
        #expect(error(#""kind": "posts""#)?.key == "kind")
        #expect(error(#""kind": "headlines", "headline_source": "inventory""#)?.key == "headline_source")
        #expect(error(#""links": {"max_per_artcle": 2}"#)?.message.contains("did you mean \"max_per_article\"") == true)
        #expect(error(#""links": {"max_per_article": 0}"#)?.key == "links.max_per_article")
        #expect(error(#""links": {"anchor": "title"}"#)?.key == "links.anchor")
        #expect(error(#""links": {"related": -1}"#)?.key == "links.related")
        #expect(error(#""links": "yes""#)?.code == .wrongType)
        #expect(try JobSpec(filters: #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "links": false}"#).links.enabled == false)
        let spec = try JobSpec(filters: #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "links": {"anchor": "anchor_text", "max_per_article": 5}}"#)
        #expect(spec.links.anchor == .anchorText && spec.links.maxPerArticle == 5 && spec.links.enabled == nil)
    }
}
