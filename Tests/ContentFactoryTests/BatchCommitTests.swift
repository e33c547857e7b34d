import Foundation
import PostgresClient
import PostgresTestSupport
import Testing
@testable import ContentFactory

/// The batch transaction's pipelines: all or nothing, and the connection stays usable.
@Suite struct BatchCommitTests {
    func counts(_ connection: PostgresConnection, job: UUID) async throws -> (articles: Int, headlines: Int) {
        let row = try await connection.query("""
            SELECT (SELECT count(*) FROM generated_articles WHERE job_id = $1), (SELECT count(*) FROM headline_inventory)
            """, [job])[0]
        return (try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1))
    }

    @Test(arguments: [3, 80])  // rows by INSERT in the closing pipeline, and by COPY
    func aFailingStatementRollsTheBatchBackAndTheConnectionStaysUsable(size: Int) async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: size, batchSize: size, filters: SampleDatabase.filters())
            let prepared = try await CampaignArticleGenerator().prepare(job: job, connection: connection)
            let batch = try prepared.render(0..<size)
            let before = try await counts(connection, job: job.id)

            let failing = BatchStatements(leading: PostgresStatement("SELECT 1")) { _ in
                [PostgresStatement("UPDATE generation_jobs SET progress = 50 WHERE id = $1", [job.id]), PostgresStatement("SELECT 1 / 0")]
            }
            let error = await #expect(throws: PostgresError.self) { try await prepared.commit(batch, with: failing, on: connection) }
            #expect(error?.sqlState == "22012")
            let after = try await counts(connection, job: job.id)
            #expect(after.articles == 0 && after.headlines == before.headlines)
            #expect(try await connection.query("SELECT coalesce(progress, 0) FROM generation_jobs WHERE id = $1", [job.id])[0].decode(Int.self, at: 0) == 0)

            // A refusing leading statement (a lost fence) rolls back too.
            let refusing = BatchStatements(leading: PostgresStatement("SELECT 1 WHERE false")) { _ in [] }
            guard case .refused = try await prepared.commit(batch, with: refusing, on: connection) else {
                Issue.record("a leading statement without a row must refuse the batch")
                return
            }
            #expect(try await counts(connection, job: job.id).articles == 0)

            // The same connection then commits the batch, with distinct slugs.
            let good = BatchStatements(leading: nil) { summary in
                [PostgresStatement("UPDATE generation_jobs SET progress = $2 WHERE id = $1", [job.id, summary.articles])]
            }
            guard case .committed(let summary, _) = try await prepared.commit(batch, with: good, on: connection) else {
                Issue.record("the batch did not commit")
                return
            }
            #expect(summary.articles == size)
            #expect(try await counts(connection, job: job.id).articles == size)
            #expect(try await counts(connection, job: job.id).headlines == before.headlines + size)
            let slugs = try await connection.query("SELECT count(DISTINCT slug) FROM generated_articles WHERE job_id = $1", [job.id])
            #expect(try slugs[0].decode(Int.self, at: 0) == size)
        }
    }

    @Test func jobsOfOneGeneratorShareSlugHintsAndKeepSlugsDistinct() async throws {
        try await SampleDatabase.with { connection in
            let generator = CampaignArticleGenerator()
            var prepared: [any PreparedGeneration] = []
            for _ in 0..<6 {
                let job = try await SampleDatabase.insertJob(connection, quantity: 4, batchSize: 4, filters: SampleDatabase.filters())
                prepared.append(try await generator.prepare(job: job, connection: connection))
            }
            // Same titles over and over: every base collides; the hints hand out suffixes in turn.
            for job in prepared {
                let batch = try job.render(0..<4)
                _ = try await job.commit(batch, with: BatchStatements(leading: nil) { _ in [] }, on: connection)
            }
            let rows = try await connection.query("SELECT count(*), count(DISTINCT slug) FROM generated_articles")
            #expect(try rows[0].decode(Int.self, at: 0) == 24)
            #expect(try rows[0].decode(Int.self, at: 1) == 24)
        }
    }
}
