import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `sd_notify` without libsystemd: datagrams such as `READY=1` to the unix socket named by
/// `$NOTIFY_SOCKET` (a path, or an abstract socket written with a leading `@`).
///
/// Without `$NOTIFY_SOCKET` (not started by systemd) every call does nothing. Sending never blocks
/// for long and never throws: a notification that cannot be sent is reported by `send` returning false.
package struct SystemdNotifier: Sendable {
    /// The socket address, or nil when not under systemd.
    package let socketPath: String?
    /// `$WATCHDOG_USEC` as a duration, when systemd expects watchdog pings from this process.
    package let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        var watchdog: Duration?
        if let text = environment["WATCHDOG_USEC"], let micros = Int64(text), micros > 0 {
            // WATCHDOG_PID names the process the pings are for; another pid means they are not ours.
            if let pid = environment["WATCHDOG_PID"].flatMap(Int32.init), pid != getpid() {
                watchdog = nil
            } else {
                watchdog = .microseconds(micros)
            }
        }
        watchdogInterval = path == nil ? nil : watchdog
    }

    /// Whether notifications go anywhere.
    package var isEnabled: Bool { socketPath != nil }

    /// `READY=1` with a status line.
    @discardableResult
    package func ready(status: String) -> Bool { send("READY=1\nSTATUS=\(status)") }

    /// `STATUS=…`.
    @discardableResult
    package func status(_ text: String) -> Bool { send("STATUS=\(text)") }

    /// `WATCHDOG=1`.
    @discardableResult
    package func watchdog() -> Bool { send("WATCHDOG=1") }

    /// `STOPPING=1` with a status line.
    @discardableResult
    package func stopping(status: String) -> Bool { send("STOPPING=1\nSTATUS=\(status)") }

    /// Sends one datagram of newline-separated `KEY=value` assignments. Returns whether it was sent.
    @discardableResult
    package func send(_ state: String) -> Bool {
        guard let socketPath else { return false }
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        var address = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !pathBytes.isEmpty, pathBytes.count < capacity else { return false }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
        }
        // An abstract name is exactly its bytes; a path is NUL-terminated (the zeroed tail).
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count + (pathBytes[0] == 0 ? 0 : 1)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let payload = Array(state.utf8)
        let sent = payload.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, socklen_t(length))
                }
            }
        }
        return sent == payload.count
    }
}
