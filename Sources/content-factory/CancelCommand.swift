import ArgumentParser
import ContentFactory
import PostgresClient

/// `content-factory cancel ID`: sets `cancel_requested_at`; the daemon does the rest.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Ask for a job to be cancelled.",
        discussion: "A pending job is finalised as cancelled by the next reaper pass; a running one stops at its next "
            + "heartbeat or batch (≤ 5 s by default), keeping the batches it committed.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job id.")
    var id: String

    func run() async throws {
        let job = try JobIDArgument.parse(id)
        let logger = try global.makeLogger()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            let status: JobStatus?
            do {
                status = try await QueueAdministration().requestCancel(job, on: connection)
            } catch let error as PostgresError {
                throw CommandFailure("cannot cancel: \(error.message)")
            }
            guard let status else { throw CommandFailure("no job \(id)") }
            if status.isFinished {
                print("job \(id) is already \(status); nothing to cancel")
            } else {
                print("cancel requested for job \(id) (\(status))")
            }
        }
    }
}
