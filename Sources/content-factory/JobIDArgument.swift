import Foundation

/// Parses a job id given on the command line.
enum JobIDArgument {
    /// - Throws: `CommandFailure` (usage) when `text` is not a UUID.
    static func parse(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw CommandFailure("'\(text)' is not a job id (UUID)", status: .usage) }
        return id
    }
}
