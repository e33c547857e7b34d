#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure a command reports as one human line on stderr with a chosen exit status.
///
/// Commands convert library errors into this at their boundary, so the user never sees a stack trace or
/// a Swift type dump.
struct CommandFailure: Error {
    /// The line printed after `content-factory: `.
    var message: String
    /// The process exit status.
    var status: ExitStatus

    /// The message with libpq's multi-line texts folded into one line.
    var oneLineMessage: String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: \.isWhitespace) }
            .joined(separator: " ")
    }

    init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }
}

/// Writes text to stderr unbuffered, so it is never lost on `exit`.
func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
