import Testing
@testable import PostgresClient

@Suite struct PostgresClientSmokeTests {
    @Test func moduleLinks() {
        #expect(Bool("PostgresClient".isEmpty) == false)
    }
}
