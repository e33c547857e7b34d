import Foundation
import Testing
@testable import PostgresClient

@Suite struct PostgresConfigurationTests {
    @Test func redactedDescriptionHidesThePassword() throws {
        let configuration = try PostgresConfiguration("postgresql://worker:s3cr3t-pw@db.example:6543/app?sslmode=require")
        let text = configuration.redactedDescription
        #expect(!text.contains("s3cr3t-pw"))
        #expect(text.contains("password=***"))
        #expect(text.contains("host=db.example"))
        #expect(text.contains("port=6543"))
        #expect(text.contains("dbname=app"))
        #expect(text.contains("user=worker"))
        #expect("\(configuration)" == text)
        #expect(!String(reflecting: configuration).contains("s3cr3t-pw"))
    }

    @Test func keyValueStringsAreRedactedToo() throws {
        let configuration = try PostgresConfiguration("host=h dbname=d user=u password='pa ss word'")
        #expect(!configuration.redactedDescription.contains("pa ss word"))
        #expect(configuration.redactedDescription.contains("password=***"))
    }

    @Test(arguments: [
        "postgresql://user:hunter2secret@host:5432/db?nonsense_option=1",
        "postgresql://user:hunter2secret@[::1/db",
        "postgresql://user:hunter2secret@host/db?sslmode=require&=x",
        "host=h password=hunter2secret dbname",
    ])
    func malformedStringsThrowAClearErrorWithoutThePassword(connectionString: String) throws {
        let error = try #require(throws: PostgresError.self) { try PostgresConfiguration(connectionString) }
        #expect(error.code == .invalidConfiguration)
        #expect(!error.message.isEmpty)
        #expect(!error.description.contains("hunter2secret"))
    }

    @Test func aBareWordIsADatabaseName() throws {
        let configuration = try PostgresConfiguration("inventory")
        #expect(configuration.redactedDescription.contains("dbname=inventory"))
    }

    @Test func defaultsComeBeforeTheConnectionStringSoItWins() throws {
        let configuration = try PostgresConfiguration("postgresql://u@h/db?application_name=mine", applicationName: "content-factory", connectTimeoutSeconds: 7)
        let parameters = configuration.connectParameters(environment: [:])
        let keys = parameters.map(\.0)
        let dbname = try #require(keys.firstIndex(of: "dbname"))
        for key in ["application_name", "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count"] {
            let index = try #require(keys.firstIndex(of: key), "missing default \(key)")
            #expect(index < dbname, "\(key) must precede dbname so the URL overrides it")
        }
        #expect(parameters.first { $0.0 == "connect_timeout" }?.1 == "7")
        #expect(parameters.first { $0.0 == "tcp_user_timeout" }?.1 == "15000", "a cut network is noticed within the lease")
        #expect(parameters.last?.0 == "client_encoding")
    }

    @Test func defaultReconnectWaitsAtMostTwoSecondsBetweenAttempts() {
        let policy = PostgresReconnectPolicy()
        #expect(policy.nominalDelay(afterAttempt: 100) == .seconds(2))
        let total = (0..<(policy.maxAttempts - 1)).reduce(Duration.zero) { $0 + policy.nominalDelay(afterAttempt: $1) }
        #expect(total >= .seconds(20), "a restart or a failover of some seconds is waited out")
    }

    @Test func environmentVariablesSuppressTheDefaults() throws {
        let configuration = try PostgresConfiguration("")
        let parameters = configuration.connectParameters(environment: ["PGAPPNAME": "x", "PGCONNECT_TIMEOUT": "3"])
        let keys = parameters.map(\.0)
        #expect(!keys.contains("application_name"))
        #expect(!keys.contains("connect_timeout"))
        #expect(!keys.contains("dbname"), "an empty string leaves dbname to libpq's environment")
    }

    @Test func reconnectBackoffDoublesUpToTheCap() {
        let policy = PostgresReconnectPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(5), maxAttempts: 10, jitter: 0.5)
        #expect(policy.nominalDelay(afterAttempt: 0) == .milliseconds(100))
        #expect(policy.nominalDelay(afterAttempt: 1) == .milliseconds(200))
        #expect(policy.nominalDelay(afterAttempt: 5) == .milliseconds(3200))
        #expect(policy.nominalDelay(afterAttempt: 6) == .seconds(5))
        #expect(policy.nominalDelay(afterAttempt: 1000) == .seconds(5))
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<20 {
            let delay = policy.delay(afterAttempt: attempt, using: &generator)
            let nominal = policy.nominalDelay(afterAttempt: attempt)
            #expect(delay <= nominal && delay >= nominal * 0.5)
        }
    }

    @Test func classificationFollowsSQLStateAndCode() {
        #expect(PostgresError(code: .queryFailed, message: "", sqlState: "40001").classification == .retryTransaction)
        #expect(PostgresError(code: .queryFailed, message: "", sqlState: "40P01").classification == .retryTransaction)
        #expect(PostgresError(code: .queryFailed, message: "", sqlState: "57P01").classification == .reconnect)
        #expect(PostgresError(code: .queryFailed, message: "", sqlState: "08006").classification == .reconnect)
        #expect(PostgresError(code: .connectionLost, message: "").classification == .reconnect)
        #expect(PostgresError(code: .connectionFailed, message: "").classification == .reconnect)
        #expect(PostgresError(code: .queryFailed, message: "", sqlState: "23505").classification == .permanent)
        #expect(PostgresError(code: .cancelled, message: "").classification == .permanent)
        #expect(PostgresError(code: .queryFailed, message: "", sqlState: "25006").classification == .reconnect)
        #expect(PostgresError(code: .queryFailed, message: "", sqlState: "57P03").classification == .reconnect)
        #expect(PostgresError.classification(of: PostgresError(code: .connectionLost, message: "")) == .reconnect)
        #expect(PostgresError.classification(of: CancellationError()) == .permanent)
    }
}
