import Foundation
import PostgresClient
import PostgresTestSupport
import Testing
@testable import ContentFactory

/// The near-duplicate guard: shingles and masking, estimate accuracy, and the guard on a real
/// PostgreSQL with the sample campaign.
@Suite struct SimilarityTests {
    // MARK: - Text and shingles

    @Test func tagsEntitiesCaseAndMultiWordPlacesAreNormalised() {
        let html = Array("<p>Solar in <b>Santa Clara</b>, CA &amp; SANTA CLARA County&#39;s homes.</p>".utf8)
        let words = SimilarityText.words(html: html, maskTerms: ["Santa Clara", "Santa Clara County", "CA", "California"])
        #expect(words == ["solar", "in", "[place]", "[place]", "[place]", "s", "homes"])
    }

    @Test func aCitySwapAloneIsNoDifference() {
        let text = "<p>Homeowners in {C} ask whether solar pays off in {C}, {S}, and how long the payback takes for a typical roof.</p>"
        let a = ShingleSet(html: Array(text.replacingOccurrences(of: "{C}", with: "San Antonio").replacingOccurrences(of: "{S}", with: "Texas").utf8),
                           maskTerms: ["San Antonio", "Bexar County", "Texas", "TX"])
        let b = ShingleSet(html: Array(text.replacingOccurrences(of: "{C}", with: "Tucson").replacingOccurrences(of: "{S}", with: "Arizona").utf8),
                           maskTerms: ["Tucson", "Pima County", "Arizona", "AZ"])
        #expect(a.count > 10)
        #expect(a.jaccard(b) == 1)
    }

    @Test func storedFormsRoundTrip() {
        let set = ShingleSet(html: Array("<p>one two three four five six seven eight nine ten eleven</p>".utf8), maskTerms: [])
        let sketch = SimilaritySketch(set)
        #expect(SimilaritySketch(bytes: FingerprintText.parseBytea(FingerprintText.bytea(sketch.bytes))!) == sketch)
        #expect(sketch.estimate(sketch) == 1)
        #expect(FingerprintText.parseIntArray(FingerprintText.intArray([Int32.min, 0, Int32.max])) == [Int64(Int32.min), 0, Int64(Int32.max)])
    }

    @Test func bandCurveSeparatesNearFromTypicalPairs() {
        let layout = LSHLayout.standard
        #expect(layout.candidateProbability(0.65) >= 0.97)
        #expect(layout.candidateProbability(0.2) < 0.005)
        #expect(layout.candidateProbability(0.3) < 0.05)
    }

    /// Renders a sample of the job (no database writes).
    func sample(_ connection: PostgresConnection, quantity: Int, count: Int, filters: String) async throws -> [RenderedArticle] {
        let job = try await SampleDatabase.insertJob(connection, quantity: quantity, filters: filters)
        let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
        let step = max(1, quantity / count)
        return try stride(from: 0, to: quantity, by: step).prefix(count).map { try prepared.render($0..<($0 + 1)).articles[0] }
    }

    /// Reported values are the 32-bit shingle sets' Jaccard: within 0.01 of the Jaccard of the
    /// shingles as word tuples, for every pair of a sample; and LSH finds every pair at 0.65 or more.
    @Test func estimatesMatchExactJaccardOnASample() async throws {
        try await SampleDatabase.with { connection in
            let articles = try await sample(connection, quantity: 600, count: 60, filters: SampleDatabase.filters(#", "patterns": "all""#))
            let exact = articles.map { article -> Set<[String]> in
                let words = SimilarityText.words(html: Array(article.content.utf8), maskTerms: article.maskTerms)
                return Set((0...(words.count - ShingleSet.width)).map { Array(words[$0..<($0 + ShingleSet.width)]) })
            }
            let prints = articles.map { ArticleFingerprint(article: $0) }
            var worst = 0.0, near = 0, found = 0, pairs = 0, sketchWorst = 0.0, sketchError = 0.0
            for i in articles.indices {
                for j in 0..<i {
                    let truth = Double(exact[i].intersection(exact[j]).count) / Double(exact[i].union(exact[j]).count)
                    let measured = prints[i].shingles.jaccard(prints[j].shingles)
                    worst = max(worst, abs(truth - measured))
                    let estimate = prints[i].sketch.estimate(prints[j].sketch)
                    sketchWorst = max(sketchWorst, abs(estimate - truth))
                    sketchError += abs(estimate - truth)
                    pairs += 1
                    if truth >= 0.65 {
                        near += 1
                        if !Set(prints[i].bands).isDisjoint(with: prints[j].bands) { found += 1 }
                    }
                }
            }
            #expect(pairs == 60 * 59 / 2)
            #expect(worst <= 0.01, "largest difference \(worst)")
            // The sketch only screens candidates (exact checks start SimilarityGuard.verifyMargin below
            // the threshold): its error stays well inside that margin.
            #expect(sketchWorst < SimilarityGuard.verifyMargin, "largest sketch error \(sketchWorst)")
            #expect(sketchError / Double(pairs) < 0.04, "mean sketch error \(sketchError / Double(pairs))")
            #expect(found == near, "LSH found \(found) of \(near) pairs at J >= 0.65")
        }
    }

    // MARK: - JobSpec

    @Test(arguments: [
        (#""max_similarity": 0"#, "max_similarity"), (#""max_similarity": 1.5"#, "max_similarity"),
        (#""max_similarity": "0.5""#, "max_similarity"), (#""on_similar": "skip""#, "on_similar"),
    ])
    func badGuardSettingsNameTheKey(_ entry: String, _ key: String) {
        let error = #expect(throws: JobSpecError.self) {
            try JobSpec(filters: #"{"campaign_id": "20000000-0000-4000-8000-000000000001", \#(entry)}"#)
        }
        #expect(error?.key == key)
    }

    @Test func guardDefaultsAndOff() throws {
        let defaults = try JobSpec(filters: #"{"campaign_id": "20000000-0000-4000-8000-000000000001"}"#)
        #expect(defaults.similarity == SimilaritySettings(maxSimilarity: 0.6, onSimilar: .redraw))
        let off = try JobSpec(filters: #"{"campaign_id": "20000000-0000-4000-8000-000000000001", "max_similarity": 1, "on_similar": "fail"}"#)
        #expect(!off.similarity.isEnabled)
    }

    // MARK: - The guard in the database

    struct FingerprintRow: Equatable {
        var seq: Int, nearest: Double, redrawn: Int, partnerSeq: Int?
    }

    func fingerprints(_ connection: PostgresConnection, job: UUID) async throws -> [FingerprintRow] {
        try await connection.query("SELECT job_seq, nearest, redrawn, nearest_job_seq FROM article_fingerprints WHERE job_id = $1 ORDER BY job_seq", [job]).map {
            FingerprintRow(seq: try $0.decode(Int.self, at: 0), nearest: try $0.decode(Double.self, at: 1),
                           redrawn: try $0.decode(Int.self, at: 2), partnerSeq: try $0.decode(Int?.self, at: 3))
        }
    }

    func contents(_ connection: PostgresConnection, job: UUID) async throws -> [String] {
        try await connection.query("SELECT content FROM generated_articles WHERE job_id = $1 ORDER BY job_seq", [job]).map { try $0.decode(String.self, at: 0) }
    }

    func generate(_ connection: PostgresConnection, _ job: JobRecord, threads: Int = 2) async throws {
        try await ForegroundGeneration(threads: threads).run(job: job, connection: connection) { _ in }
    }

    /// Short articles (two sections) are alike enough to need redraws at the default threshold.
    static let tight = #", "structure": ["conclusion", "final_cta"], "seed": 11"#

    /// Every article's exact nearest earlier article, from the stored rows (no LSH involved), its
    /// places and persona masked from the locations tables.
    func exactNearest(_ connection: PostgresConnection, job: UUID) async throws -> [Double] {
        let articles = try await connection.query("""
            SELECT a.content, a.schema_json->'about'->'address'->>'addressLocality', a.schema_json->'audience'->>'audienceType'
              FROM generated_articles a WHERE a.job_id = $1 ORDER BY a.job_seq
            """, [job])
        let places = try await connection.query("""
            SELECT c.name, co.name, s.name, s.code FROM locations_cities c JOIN locations_states s ON s.id = c.state
            LEFT JOIN locations_counties co ON co.id = c.county
            """).map { try [$0.decode(String.self, at: 0), $0.decode(String?.self, at: 1), $0.decode(String.self, at: 2), $0.decode(String.self, at: 3)] }
        let sets = try articles.map { row -> ShingleSet in
            let city = try row.decode(String.self, at: 1)
            let terms = (places.first { $0[0] == city } ?? [city]).compactMap { $0 } + [try row.decode(String?.self, at: 2)].compactMap { $0 }
            return ShingleSet(html: Array(try row.decode(String.self, at: 0).utf8), maskTerms: terms)
        }
        return sets.indices.map { i in (0..<i).map { sets[i].jaccard(sets[$0]) }.max() ?? 0 }
    }

    @Test func guardedArticlesStayWithinTheThresholdAndReportTheirNearest() async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 120, batchSize: 40, filters: SampleDatabase.filters(Self.tight))
            try await generate(connection, job)
            let rows = try await fingerprints(connection, job: job.id)
            #expect(rows.count == 120)
            #expect(rows.contains { $0.redrawn > 0 }, "two sections at 0.6 need redraws")
            let exact = try await exactNearest(connection, job: job.id)
            for (row, truth) in zip(rows, exact) {
                // Stored values are exact near the threshold and sketch estimates below it.
                #expect(row.nearest <= max(truth + 1e-9, 0.6 - SimilarityGuard.verifyMargin), "article \(row.seq): stored \(row.nearest), exact \(truth)")
                if row.redrawn < SimilaritySettings.redrawLimit {
                    #expect(truth <= 0.6 + 0.05, "article \(row.seq): exact nearest \(truth)")
                }
            }
            let storedMax = rows.map(\.nearest).max() ?? 0, exactMax = exact.max() ?? 0
            #expect(abs(storedMax - exactMax) <= 0.05, "reported max \(storedMax), exact \(exactMax)")
        }
    }

    @Test func guardedOutputDoesNotDependOnThreadsOrBatchesOrTheDatabase() async throws {
        let id = UUID(uuidString: "0badcafe-0000-4000-8000-000000000099")!
        func run(threads: Int, batchSize: Int) async throws -> ([String], [FingerprintRow]) {
            try await SampleDatabase.with { connection in
                try await connection.execute("""
                    INSERT INTO generation_jobs (id, site_id, target_quantity, batch_size, filters, created_at)
                    VALUES ($1, $2, 120, $3, $4::jsonb, '2025-03-01T12:00:00Z')
                    """, [id, SampleDatabase.site, batchSize, SampleDatabase.filters(Self.tight)])
                let job = try await ForegroundGeneration.loadJob(id, connection: connection)
                try await generate(connection, job, threads: threads)
                return (try await contents(connection, job: id), try await fingerprints(connection, job: id))
            }
        }
        let first = try await run(threads: 1, batchSize: 40)
        let second = try await run(threads: 2, batchSize: 40)
        let third = try await run(threads: 2, batchSize: 7)
        #expect(first.1.contains { $0.redrawn > 0 })
        #expect(first.0.count == 120)
        #expect(first.0 == second.0 && first.1 == second.1)
        #expect(first.0 == third.0 && first.1 == third.1)
    }

    @Test func redrawsAreBoundedAndCountedOverThreshold() async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 150, batchSize: 50,
                                                         filters: SampleDatabase.filters(#", "structure": ["final_cta"], "seed": 11"#))
            try await generate(connection, job)
            let rows = try await fingerprints(connection, job: job.id)
            #expect(rows.count == 150)
            #expect(rows.allSatisfy { $0.redrawn <= SimilaritySettings.redrawLimit })
            let exhausted = rows.filter { $0.nearest > 0.6 }
            #expect(!exhausted.isEmpty, "150 one-section articles exhaust some redraws")
            #expect(exhausted.allSatisfy { $0.redrawn == SimilaritySettings.redrawLimit })
            let aggregate = try await connection.query(SimilarityQueries.jobAggregate, [job.id, 0.6])[0]
            #expect(try aggregate.decode(Int.self, at: 3) == rows.reduce(0) { $0 + $1.redrawn })
            #expect(try aggregate.decode(Int.self, at: 4) == exhausted.count)
        }
    }

    @Test func onSimilarFailNamesBothArticlesAndWritesNothingOfTheBatch() async throws {
        try await SampleDatabase.with { connection in
            let first = try await SampleDatabase.insertJob(connection, quantity: 20, batchSize: 20,
                                                           filters: SampleDatabase.filters(#", "structure": ["final_cta"], "seed": 1"#))
            try await generate(connection, first)
            let job = try await SampleDatabase.insertJob(connection, quantity: 40, batchSize: 10,
                                                         filters: SampleDatabase.filters(#", "structure": ["final_cta"], "seed": 2, "on_similar": "fail""#))
            let error = try #require(await #expect(throws: GenerationError.self) { try await generate(connection, job) })
            #expect(error.code == .similar)
            #expect(error.message.contains("fragments they share: final_cta 21000000-0000-4000-8000-0000000000"), "\(error.message)")
            #expect(!error.diagnostics.isEmpty && error.diagnostics.allSatisfy { $0.code == "E_SIMILAR" && $0.templateID != nil })
            // "article job_seq N ("title") has Jaccard x with article job J job_seq M ("title")"
            let words = error.message.split(separator: " ")
            let offender = try #require(Int(words[2]))
            let partnerJob = try #require(words.firstIndex(of: "job").map { UUID(uuidString: String(words[$0 + 1])) } ?? nil)
            #expect(partnerJob == first.id || partnerJob == job.id, "\(error.message)")
            let failedBatch = offender / 10 * 10
            let written = try await connection.query("SELECT count(*), coalesce(max(job_seq) + 1, 0) FROM generated_articles WHERE job_id = $1", [job.id])[0]
            let printed = try await connection.query("SELECT count(*) FROM article_fingerprints WHERE job_id = $1", [job.id])[0].decode(Int.self, at: 0)
            #expect(try written.decode(Int.self, at: 0) == failedBatch && written.decode(Int.self, at: 1) == failedBatch)
            #expect(printed == failedBatch)
        }
    }

    @Test func aSecondJobWithAnotherSeedStaysUnderTheThresholdAgainstTheFirst() async throws {
        try await SampleDatabase.with { connection in
            let filters = { (seed: Int) in SampleDatabase.filters(#", "structure": ["final_cta", "conclusion"], "seed": \#(seed)"#) }
            let first = try await SampleDatabase.insertJob(connection, quantity: 200, batchSize: 50, filters: filters(1))
            try await generate(connection, first)
            let second = try await SampleDatabase.insertJob(connection, quantity: 200, batchSize: 50, filters: filters(2))
            try await generate(connection, second)
            let rows = try await fingerprints(connection, job: second.id)
            #expect(rows.count == 200)
            #expect(rows.allSatisfy { $0.nearest <= 0.6 }, "max \(rows.map(\.nearest).max() ?? 0)")
            // Exactly, against every article of the first job.
            func sets(_ job: UUID) async throws -> [ShingleSet] {
                try await connection.query("""
                    SELECT a.content, f.mask_terms FROM article_fingerprints f JOIN generated_articles a ON a.id = f.article_id
                     WHERE f.job_id = $1 ORDER BY f.job_seq
                    """, [job]).map {
                    ShingleSet(html: Array(try $0.decode(String.self, at: 0).utf8),
                               maskTerms: try $0.decode(String.self, at: 1).split(separator: "\n").map(String.init))
                }
            }
            let earlier = try await sets(first.id), later = try await sets(second.id)
            let worst = later.map { set in earlier.map { set.jaccard($0) }.max() ?? 0 }.max() ?? 0
            #expect(worst <= 0.6 + 0.05, "exact max against the first job \(worst)")
        }
    }

    @Test func jobCompletedCarriesTheJobsSimilarity() async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 40, batchSize: 20, filters: SampleDatabase.filters())
            let prepared = try await CampaignArticleGenerator().prepare(job: job, connection: connection)
            let store = JobStore(worker: WorkerIdentity(id: "test-worker"))
            let running = try #require(try await store.claim(limit: 1, on: connection).first)
            for start in stride(from: 0, to: 40, by: 20) {
                let batch = try prepared.render(start..<(start + 20))
                _ = try await store.commitBatch(batch, of: running, prepared: prepared, started: .now, jobStarted: .now,
                                                committedBefore: start, on: connection)
            }
            let batches = try await connection.query("SELECT details->'similarity' FROM work_log WHERE entity_id = $1 AND action = 'batch.committed' ORDER BY id", [job.id.uuidString.lowercased()])
            #expect(batches.count == 2)
            for row in batches {
                let object = try JSONValue(parsing: try row.decode(String.self, at: 0))
                guard case .object(let fields) = object else { Issue.record("not an object"); continue }
                #expect(Set(fields.keys) == ["max", "mean_nearest", "redrawn"])
            }
            let completed = try await connection.query("SELECT details->'similarity' FROM work_log WHERE entity_id = $1 AND action = 'job.completed'", [job.id.uuidString.lowercased()])
            let object = try JSONValue(parsing: try #require(completed.first).decode(String.self, at: 0))
            guard case .object(let fields) = object else { Issue.record("not an object"); return }
            #expect(Set(fields.keys) == ["max", "mean_nearest", "p95_nearest", "redrawn", "over_threshold"])
        }
    }

    /// Two jobs of one site with the same seed render the same articles: with `on_similar: warn`, each
    /// article of the second is written with nearest 1 against its twin in the first, which only the
    /// candidate probe can have found (the first job's rows are in another transaction).
    @Test func theCandidateProbeFindsANearDuplicateInAnEarlierJob() async throws {
        try await SampleDatabase.with { connection in
            let filters = SampleDatabase.filters(#", "seed": 3, "on_similar": "warn""#)
            let first = try await SampleDatabase.insertJob(connection, quantity: 12, batchSize: 12, filters: filters)
            try await generate(connection, first)
            let second = try await SampleDatabase.insertJob(connection, quantity: 12, batchSize: 5, filters: filters)
            try await generate(connection, second)
            #expect(try await contents(connection, job: second.id) == contents(connection, job: first.id))
            let rows = try await connection.query(
                "SELECT job_seq, nearest, nearest_job_id, nearest_job_seq FROM article_fingerprints WHERE job_id = $1 ORDER BY job_seq", [second.id])
            #expect(rows.count == 12)
            for row in rows {
                #expect(try row.decode(Double.self, at: 1) == 1)
                #expect(try row.decode(UUID?.self, at: 2) == first.id)
                #expect(try row.decode(Int?.self, at: 3) == row.decode(Int.self, at: 0))
            }
        }
    }

    /// A fingerprint written under migration 6's layout (its band keys as rows of
    /// `article_fingerprint_bands`) is a candidate after migration 11 moved them into `bands`.
    @Test func migrationElevenMovesBandRowsAndTheirFingerprintsStayCandidates() async throws {
        try await TestDatabase.withSchema { connection, _ in
            _ = try await SchemaMigrator(migrations: SchemaMigrations.all.filter { $0.version <= 10 }).migrate(on: connection)
            try await connection.executeScript(try SampleDatabase.sampleSQL)
            // The first job's articles, written without the guard, then fingerprinted the way version 6 did.
            let old = try await SampleDatabase.insertJob(connection, quantity: 6, batchSize: 6,
                                                         filters: SampleDatabase.filters(#", "seed": 4, "max_similarity": 1"#))
            try await generate(connection, old)
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: old, connection: connection)
            var keys: [Int: Set<Int32>] = [:]
            for article in try prepared.render(0..<6).articles {
                let fingerprint = ArticleFingerprint(article: article)
                let id = try await connection.query("SELECT nextval('article_fingerprints_id_seq')")[0].decode(Int64.self, at: 0)
                try await connection.execute("""
                    INSERT INTO article_fingerprints (id, site_id, job_id, job_seq, sketch, mask_terms, fragments, nearest)
                    VALUES ($1, $2, $3, $4, $5::bytea, $6, $7::uuid[], 0)
                    """, [id, SampleDatabase.site, old.id, article.sequence, FingerprintText.bytea(fingerprint.sketch.bytes),
                          article.maskTerms.joined(separator: "\n"), FingerprintText.uuidArray(article.fragments.map(\.id))])
                try await connection.execute(
                    "INSERT INTO article_fingerprint_bands (band, fingerprint_id) SELECT unnest($1::int4[]), $2",
                    [FingerprintText.intArray(Array(Set(fingerprint.bands))), id])
                keys[article.sequence] = Set(fingerprint.bands)
            }

            let report = try await SchemaMigrator().migrate(on: connection)
            #expect(report.applied.contains(11))
            let leftovers = try await connection.query("""
                SELECT to_regclass('article_fingerprint_bands') IS NULL AND to_regclass('article_fingerprints_id_seq') IS NULL
                """)[0].decode(Bool.self, at: 0)
            #expect(leftovers, "the band table and the id sequence are dropped")
            let salt = BandKeys.siteSalt(SampleDatabase.site)
            for row in try await connection.query("SELECT job_seq, bands::text FROM article_fingerprints WHERE job_id = $1", [old.id]) {
                var stored = Set<Int32>()
                FingerprintText.forEachInt32(in: try row.decode(String.self, at: 1)) { stored.insert($0 ^ salt) }
                #expect(stored == keys[try row.decode(Int.self, at: 0)])
            }

            // The same articles again, guarded: each finds its migrated twin.
            let guarded = try await SampleDatabase.insertJob(connection, quantity: 6, batchSize: 6,
                                                             filters: SampleDatabase.filters(#", "seed": 4, "on_similar": "warn""#))
            try await generate(connection, guarded)
            let rows = try await connection.query(
                "SELECT job_seq, nearest, nearest_job_id, nearest_job_seq FROM article_fingerprints WHERE job_id = $1 ORDER BY job_seq", [guarded.id])
            #expect(rows.count == 6)
            for row in rows {
                #expect(try row.decode(Double.self, at: 1) == 1)
                #expect(try row.decode(UUID?.self, at: 2) == old.id)
                #expect(try row.decode(Int?.self, at: 3) == row.decode(Int.self, at: 0))
            }
        }
    }

    /// A job written in one batch reports the aggregate computed from the guard's own records: the
    /// same values, to the last bit, that `jobAggregate` reads back.
    @Test func aWholeJobBatchComputesTheAggregateTheWayTheDatabaseDoes() async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 60, batchSize: 60, filters: SampleDatabase.filters(Self.tight))
            let prepared = try await CampaignArticleGenerator().prepare(job: job, connection: connection)
            let store = JobStore(worker: WorkerIdentity(id: "test-worker"))
            let running = try #require(try await store.claim(limit: 1, on: connection).first)
            _ = try await store.commitBatch(try prepared.render(0..<60), of: running, prepared: prepared, started: .now,
                                            jobStarted: .now, committedBefore: 0, on: connection)
            let completed = try await connection.query("SELECT details->>'similarity' FROM work_log WHERE entity_id = $1 AND action = 'job.completed'",
                                                       [job.id.uuidString.lowercased()])
            let aggregate = try await connection.query(SimilarityQueries.jobAggregate, [job.id, 0.6])[0]
            let read = JobSimilarity(max: try aggregate.decode(Double.self, at: 0), meanNearest: try aggregate.decode(Double.self, at: 1),
                                     p95Nearest: try aggregate.decode(Double.self, at: 2), redrawn: try aggregate.decode(Int.self, at: 3),
                                     overThreshold: try aggregate.decode(Int.self, at: 4))
            let rows = try await fingerprints(connection, job: job.id)
            #expect(JobSimilarity(nearest: rows.map(\.nearest), redrawn: rows.reduce(0) { $0 + $1.redrawn }, threshold: 0.6) == read)
            #expect(Set(rows.map(\.nearest)).count > 3, "p95 interpolates between distinct values: \(rows.map(\.nearest))")
            #expect(try JSONValue(parsing: try #require(completed.first).decode(String.self, at: 0)) == read.json)
        }
    }

    @Test func lintWarnsWhenTheEstimateIsOverTheThresholdAndNamesFragments() async throws {
        try await SampleDatabase.with { connection in
            let tight = try await SampleDatabase.insertJob(connection, quantity: 400, filters: SampleDatabase.filters(#", "structure": ["final_cta"], "patterns": "all", "offer_blocks": "none""#))
            let report = try await CampaignArticleGenerator().report(job: tight, connection: connection)
            let warning = try #require(report.diagnostics.first { $0.code == "W_SIMILAR" }, "\(report.diagnostics)")
            #expect(warning.templateKind == "final_cta" && warning.templateID != nil)
            #expect(warning.message.contains("final_cta 21000000-0000-4000-8000-0000000000"))
            #expect(report.explanation["similarity"]?.contains("nearest at the job's quantity") == true)
            let rich = try await SampleDatabase.insertJob(connection, quantity: 200, filters: SampleDatabase.filters(#", "patterns": "all""#))
            let richReport = try await CampaignArticleGenerator().report(job: rich, connection: connection)
            #expect(!richReport.diagnostics.contains { $0.code == "W_SIMILAR" })
            #expect(richReport.explanation["most shared fragments"] != nil)
        }
    }
}
