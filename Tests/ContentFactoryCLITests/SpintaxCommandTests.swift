import Foundation
import Testing

/// `content-factory spintax …` as a user runs it.
@Suite struct SpintaxCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SpintaxTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    func temporaryFile(_ contents: [UInt8], name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cf-\(UUID().uuidString)-\(name)")
        try Data(contents).write(to: url)
        return url.path
    }

    func sha256(_ text: String) throws -> String {
        let path = try temporaryFile(Array(text.utf8), name: "out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readAllRetryingInterrupts()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    @Test func batchReproducesTheGoldenDigest() throws {
        let outcome = try CommandRunner.run([
            "spintax", "batch", Self.fixture("headline_template.txt"), "--seed", "42", "--count", "1000",
            "--bindings", Self.fixture("bench_vars.json"), "--null",
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(try sha256(outcome.standardOutput) == "8c13d89fee5f34def764b27355454683b13bbcefabdccabbecc22854d7800345")
    }

    @Test func countAndVariantMatchTheVectors() throws {
        let count = try CommandRunner.run(["spintax", "count", Self.fixture("headline_template.txt")])
        #expect(count.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "32400")
        let variant = try CommandRunner.run([
            "spintax", "variant", Self.fixture("headline_template.txt"), "--index", "32399",
            "--bindings", Self.fixture("bench_vars.json"), "--row", "0",
        ])
        #expect(variant.status == 0, "stderr: \(variant.standardError)")
        #expect(variant.standardOutput == "Leading Solar Experts for Austin, TX (2025 Picks) - Request Fast Prices\n")
    }

    @Test func countOverflowPrintsALowerBound() throws {
        let template = String(repeating: "{a|b|c|d|e|f|g|h|i|j}", count: 30)
        let path = try temporaryFile(Array(template.utf8), name: "big.spx")
        let outcome = try CommandRunner.run(["spintax", "count", path])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix(">= 18446744073709551615 (about 10^30"))
    }

    @Test func lintPrintsPositionedDiagnosticsAndFails() throws {
        let path = try temporaryFile(Array("Intro line\nIn {City}, {our|the} {team|crew\n".utf8), name: "article.spx")
        let outcome = try CommandRunner.run(["spintax", "lint", path, "--vars", "City"])
        #expect(outcome.status == 1)
        let text = outcome.standardOutput + outcome.standardError
        #expect(text.contains("\(path):2:22: error[E002]"))
        #expect(text.contains("^"))
        let json = try CommandRunner.run(["spintax", "lint", path, "--vars", "City", "--format", "json"])
        #expect(json.status == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.first?["code"] as? String == "E002")
        #expect(array.first?["line"] as? Int == 2)
        #expect(array.first?["column"] as? Int == 22)
    }

    @Test func lintOfACleanFileSucceeds() throws {
        let outcome = try CommandRunner.run(["spintax", "lint", Self.fixture("headline_template_nested.txt")])
        #expect(outcome.status == 0, "output: \(outcome.standardOutput) \(outcome.standardError)")
    }

    @Test func badInputIsAOneLineErrorNotACrash() throws {
        let missing = try CommandRunner.run(["spintax", "count", "/nonexistent/template.spx"])
        #expect(missing.status == 1)
        #expect(missing.standardError.split(separator: "\n").count == 1)
        let invalid = try temporaryFile([0x7B, 0x61, 0xFF, 0x7C, 0x62, 0x7D], name: "bad.spx")
        let utf8 = try CommandRunner.run(["spintax", "count", invalid])
        #expect(utf8.status == 1)
        #expect(!utf8.standardError.contains("Fatal error"))
        let json = try CommandRunner.run([
            "spintax", "render", Self.fixture("headline_template.txt"), "--seed", "1", "--index", "0", "--vars-json", "{nope",
        ])
        #expect(json.status == 1 || json.status == 2)
        #expect(!json.standardError.contains("Fatal error"))
        let unbound = try CommandRunner.run([
            "spintax", "render", Self.fixture("headline_template.txt"), "--seed", "1", "--index", "0", "--vars-json", "{}",
        ])
        #expect(unbound.status == 1)
        #expect(unbound.standardError.contains("Niche") || unbound.standardError.contains("City"))
    }

    @Test func usageMistakesExitTwoWithOneLine() throws {
        let outcome = try CommandRunner.run([
            "spintax", "variant", Self.fixture("headline_template.txt"), "--index", "0",
            "--bindings", Self.fixture("bench_vars.json"), "--row", "99",
        ])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == "content-factory spintax: --row 99 is out of range (60 rows)\n")
        let both = try CommandRunner.run([
            "spintax", "render", Self.fixture("headline_template.txt"), "--seed", "1", "--index", "0",
            "--bindings", Self.fixture("bench_vars.json"), "--vars-json", "{}",
        ])
        #expect(both.status == 2)
        #expect(both.standardError.split(separator: "\n").count == 1)
    }
}
