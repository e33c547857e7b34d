import Logging
import PostgresClient

/// Opens the command's database connection and turns connection failures into one-line
/// `CommandFailure`s with the documented exit status.
struct DatabaseConnector {
    var options: GlobalOptions
    var logger: Logger

    /// - Throws: `CommandFailure`: status 78 for a malformed URL or rejected credentials (restarting
    ///   will not help), status 1 for an unreachable or refusing server.
    func connect() async throws -> PostgresConnection {
        let configuration: PostgresConfiguration
        do {
            configuration = try PostgresConfiguration(try options.resolvedDatabaseURL() ?? "")
        } catch let error as PostgresError {
            throw CommandFailure("invalid database URL: \(error.message)", status: .configuration)
        }
        do {
            return try await PostgresConnection.connect(configuration, logger: logger)
        } catch let error as PostgresError {
            let status: ExitStatus = Self.isConfigurationProblem(error) ? .configuration : .failure
            throw CommandFailure(
                "cannot connect to \(configuration.redactedDescription): \(error.message)", status: status)
        }
    }

    /// Connects, runs `body`, and closes the connection whatever `body` did.
    ///
    /// - Throws: as `connect()`, or `body`'s error.
    func withConnection<Value>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        let connection = try await connect()
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Authentication and unknown-role/database failures are configuration problems; libpq reports them
    /// only as text on a failed connect (no SQLSTATE), so the server's standard phrases are matched.
    static func isConfigurationProblem(_ error: PostgresError) -> Bool {
        if let state = error.sqlState, state.hasPrefix("28") || state == "3D000" { return true }
        let text = error.message.lowercased()
        let phrases = [
            "password authentication failed", "no password supplied", "authentication failed",
            "role \"", "does not exist", "no pg_hba.conf entry", "invalid connection option",
        ]
        return phrases.contains { text.contains($0) }
    }
}
