#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A self-pipe that lets another thread interrupt a `poll()` on the connection's thread (a notification
/// wait), used by task cancellation and by `PostgresConnection.interruptNotificationWait()`.
///
/// A pipe rather than an eventfd so the code also builds on macOS; both ends are non-blocking, so
/// signalling never blocks and a full pipe just means a wake-up is already pending.
final class WakeUpSignal: Sendable {
    /// The end to include in a `poll()` set (readable when a wake-up is pending).
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// - Throws: `PostgresError` with code `.connectionFailed` when the process is out of descriptors.
    init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw PostgresError(code: .connectionFailed, message: "cannot create wake-up pipe (errno \(errno))")
        }
        for fd in fds {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes the read end readable. Async-signal-safe and non-blocking.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Consumes pending wake-ups; returns whether there were any.
    @discardableResult
    func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(readDescriptor, &buffer, buffer.count) > 0 { any = true }
        return any
    }
}
