import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a job: `host/pid/start-uuid`, stored in `generation_jobs.locked_by` and in the fence of
/// every statement about the job.
///
/// The UUID is drawn at process start, so a restarted process (even one that got the same pid) never
/// matches the fence of its predecessor's jobs.
package struct WorkerIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The text stored in `locked_by`.
    package let id: String

    /// Wraps an existing id (tests, or reading `locked_by`).
    package init(id: String) {
        self.id = id
    }

    /// A new identity for this process: the host name, the pid and a fresh random UUID.
    package static func current() -> WorkerIdentity {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "unknown-host"
        return WorkerIdentity(id: "\(host)/\(getpid())/\(UUID().uuidString.lowercased())")
    }

    /// The id itself (`host/pid/uuid`), as logged and written to `locked_by`.
    package var description: String { id }
}
