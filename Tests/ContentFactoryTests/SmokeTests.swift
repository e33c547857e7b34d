import Testing
@testable import ContentFactory

@Suite struct ContentFactorySmokeTests {
    @Test func moduleLinks() {
        #expect(Bool("ContentFactory".isEmpty) == false)
    }
}
