import Foundation
import PostgresTestSupport
import Testing

struct NeedsURL: Error, CustomStringConvertible {
    var description: String {
        "these tests need CF_TEST_DATABASE_URL or DATABASE_URL as a postgresql:// URL (scripts/with-postgres sets it)"
    }
}

/// Bad input gives one line on stderr and the documented exit status, never a crash.
@Suite struct ExitStatusTests {
    /// The test database's URL with the password replaced, so the server rejects it.
    func urlWithWrongPassword() throws -> String {
        let url = TestDatabase.connectionString.value
        guard var components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true else {
            throw NeedsURL()
        }
        components.user = components.user ?? "content_factory"
        components.password = "definitely-wrong-pw-7731"
        return components.string!
    }

    func expectOneLine(_ outcome: CommandRunner.Outcome, status: Int32, mentioning words: [String]) {
        #expect(outcome.status == status, "stderr: \(outcome.standardError)")
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.hasPrefix("content-factory: "))
        for word in words { #expect(outcome.standardError.contains(word), "stderr: \(outcome.standardError)") }
        #expect(!outcome.standardError.contains("Fatal error"))
    }

    @Test func wrongPasswordIsAConfigurationErrorAndNeverPrinted() throws {
        let url = try urlWithWrongPassword()
        let outcome = try CommandRunner.run(["--database-url", url, "migrate"])
        expectOneLine(outcome, status: 78, mentioning: ["password authentication failed", "password=***"])
        #expect(!outcome.standardError.contains("definitely-wrong-pw-7731"))
    }

    @Test func malformedURLIsAConfigurationError() throws {
        let outcome = try CommandRunner.run(["--database-url", "postgresql://u:hunter2@[::1/db", "migrate"])
        expectOneLine(outcome, status: 78, mentioning: ["invalid database URL"])
        #expect(!outcome.standardError.contains("hunter2"))
    }

    @Test func unreachableHostIsARuntimeFailure() throws {
        let outcome = try CommandRunner.run(["migrate", "--database-url", "postgresql://u:hunter2@127.0.0.1:1/db"])
        expectOneLine(outcome, status: 1, mentioning: ["cannot connect", "127.0.0.1"])
        #expect(!outcome.standardError.contains("hunter2"))
    }

    @Test func unknownFlagIsAUsageError() throws {
        let outcome = try CommandRunner.run(["migrate", "--no-such-flag"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("--no-such-flag"))
    }

    @Test func unknownLogLevelIsAConfigurationError() throws {
        let outcome = try CommandRunner.run(["migrate", "--log-level", "loud"])
        expectOneLine(outcome, status: 78, mentioning: ["log_level", "flag --log-level", "'loud'"])
    }

    @Test func versionAndHelpSucceed() throws {
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(!version.standardOutput.isEmpty)
        let help = try CommandRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("migrate"))
    }

    @Test func migrateRunsAgainstTheTestDatabaseAndIsIdempotent() throws {
        let first = try CommandRunner.run(["migrate", "--log-level", "warning"])
        #expect(first.status == 0, "stderr: \(first.standardError)")
        let second = try CommandRunner.run(["migrate"])
        #expect(second.status == 0, "stderr: \(second.standardError)")
        #expect(second.standardOutput.contains("nothing to do"))
    }
}
