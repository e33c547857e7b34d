import ContentFactory
import PostgresClient

/// The one place the daemon picks its `ArticleGenerator`.
enum GeneratorFactory {
    static func makeGenerator() -> any ArticleGenerator {
        UnavailableGenerator()
    }
}

/// Stand-in until the campaign generator lands on main: fails every job permanently with a clear message.
struct UnavailableGenerator: ArticleGenerator {
    func prepare(job: JobRecord, connection: PostgresConnection) async throws -> any PreparedGeneration {
        throw GenerationError(GenerationError.Code("E_UNAVAILABLE"), "this build has no article generator")
    }
}
