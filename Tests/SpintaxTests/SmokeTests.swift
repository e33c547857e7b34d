import Testing
@testable import Spintax

@Suite struct SpintaxSmokeTests {
    @Test func moduleLinks() {
        #expect(Bool("Spintax".isEmpty) == false)
    }
}
