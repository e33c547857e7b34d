import Foundation
import PostgresClient
import PostgresTestSupport
import Testing
@testable import ContentFactory

@Suite struct GenerationTests {
    @Test func sampleJobRendersDistinctWellFormedArticles() async throws {
        try await SampleDatabase.with { connection in
            let job = try await SampleDatabase.insertJob(connection, quantity: 500, filters: SampleDatabase.filters(#", "patterns": "all""#))
            let prepared = try await CampaignArticleGenerator().prepareCampaignJob(job: job, connection: connection)
            let batch = try prepared.render(0..<500)
            #expect(batch.articles.count == 500)
            #expect(Set(batch.articles.map(\.content)).count == 500)
            for article in batch.articles {
                #expect(article.title.count <= 255)
                #expect(!article.title.isEmpty)
                #expect(!article.content.contains("{") && !article.content.contains("}") && !article.content.contains("|"))
                #expect(!article.title.contains("{") && !article.title.contains("}") && !article.title.contains("|"))
            }
            print(batch.articles[0].title)
            print(batch.articles[0].content.prefix(600))
        }
    }
}
