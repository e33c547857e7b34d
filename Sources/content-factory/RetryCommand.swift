import ArgumentParser
import ContentFactory
import PostgresClient

/// `content-factory retry ID`: a failed (or cancelled) job back to pending, attempts reset.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Run a failed or cancelled job again (attempts reset; resumes at its committed offset).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job id.")
    var id: String

    func run() async throws {
        let job = try JobIDArgument.parse(id)
        let logger = try global.makeLogger()
        let administration = QueueAdministration()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            do {
                if try await administration.retry(job, on: connection) {
                    print("job \(id) is pending again")
                    return
                }
                guard let state = try await administration.state(of: job, on: connection) else {
                    throw CommandFailure("no job \(id)")
                }
                throw CommandFailure("job \(id) is \(state.status); only failed or cancelled jobs can be retried")
            } catch let error as PostgresError {
                throw CommandFailure("cannot retry: \(error.message)")
            }
        }
    }
}
