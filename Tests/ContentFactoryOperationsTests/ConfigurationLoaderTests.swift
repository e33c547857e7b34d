import ContentFactory
import ContentFactoryOperations
import Foundation
import Testing

@Suite struct ConfigurationLoaderTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cf-loader-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsWhenNothingIsGiven() throws {
        let configuration = try ConfigurationLoader(file: nil, environment: [:]).load()
        #expect(configuration.queue == QueueSettings())
        #expect(configuration.http == nil && configuration.databaseURL == nil && configuration.logLevel == .info)
        #expect(Setting.allCases.allSatisfy { configuration.entries[$0]?.source == .default })
    }

    @Test func eachLayerOverridesTheOneBelow() throws {
        let path = try file(#"{"concurrency": 3, "poll_seconds": 9, "lease_seconds": 20, "http": "127.0.0.1:9400", "listen": false}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try ConfigurationLoader(
            file: path, environment: ["CF_POLL_SECONDS": "2", "CF_LEASE_SECONDS": "30", "DATABASE_URL": "postgresql://u:secret@h/db"],
            flags: [.leaseSeconds: .seconds(40)]).load()
        #expect(configuration.queue.concurrency == 3 && configuration.entries[.concurrency]?.source == .file)
        #expect(configuration.queue.pollInterval == .seconds(2) && configuration.entries[.pollSeconds]?.source == .env)
        #expect(configuration.queue.lease == .seconds(40) && configuration.entries[.leaseSeconds]?.source == .flag)
        #expect(configuration.queue.listens == false)
        #expect(configuration.http == ListenAddress("127.0.0.1:9400"))
        #expect(configuration.databaseURL == "postgresql://u:secret@h/db")
        #expect(!JSONText.encode(configuration.reportJSON).contains("secret"), "the database URL is redacted")
    }

    @Test(arguments: [
        (#"{"concurrency": -1}"#, "concurrency"),
        (#"{"concurrency": 2.5}"#, "concurrency"),
        (#"{"lease_seconds": "soon"}"#, "lease_seconds"),
        (#"{"http": "everywhere"}"#, "http"),
        (#"{"log_level": "loud"}"#, "log_level"),
        (#"{"concurency": 2}"#, "concurency"),
        (#"{"lease_seconds": 4, "heartbeat_seconds": 5}"#, "lease_seconds"),
    ])
    func badFileValuesNameTheKeyAndTheFile(text: String, key: String) throws {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationLoader(file: path, environment: [:]).load() }
        #expect(error.key == key, "\(error)")
        #expect(error.description.contains(key) && (error.description.contains(path) || error.code == .inconsistent), "\(error)")
    }

    @Test func aBadEnvironmentValueNamesTheVariable() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationLoader(file: nil, environment: ["CF_CONCURRENCY": "many"]).load()
        }
        #expect(error.key == "concurrency" && error.origin == "env CF_CONCURRENCY")
    }

    @Test func aSyntaxErrorGivesLineAndColumn() throws {
        let path = try file("{\n  \"concurrency\": 2,\n  \"poll_seconds\" 3\n}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationLoader(file: path, environment: [:]).load() }
        #expect(error.origin.hasPrefix("file \(path):3:"), "\(error)")
    }

    @Test func theSampleConfigurationHasEverySettingAtItsDefaultExceptHTTP() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/content-factory.json").path
        let configuration = try ConfigurationLoader(file: sample, environment: [:]).load()
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sample))) as? [String: Any]).keys
        #expect(Set(keys) == Set(Setting.allCases.map(\.key)))
        var expected = QueueSettings()
        expected.listens = true
        #expect(configuration.queue == expected)
        #expect(configuration.http == ListenAddress("127.0.0.1:9400"))
    }

    @Test(arguments: ["127.0.0.1:9400", "0.0.0.0:80", "[::1]:9400", "localhost:1"])
    func listenAddressesParse(text: String) {
        #expect(ListenAddress(text) != nil)
    }

    @Test(arguments: ["9400", "example.com:80", "127.0.0.1:70000", "127.0.0.1:", "[::1:9"])
    func badListenAddressesDoNot(text: String) {
        #expect(ListenAddress(text) == nil)
    }
}
