#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ADDRESS:PORT` for the HTTP listener: an IPv4 literal (`127.0.0.1:9400`), `localhost:9400`, or an
/// IPv6 literal in brackets (`[::1]:9400`).
package struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// Which socket family the address needs (`inet` or `inet6`).
    package enum Family: Sendable, Hashable { case ipv4, ipv6 }

    /// The numeric address without brackets; `localhost` is stored as `127.0.0.1`.
    package var host: String
    /// The TCP port; 0 lets the kernel pick a free one.
    package var port: UInt16
    /// The family `host` parsed as.
    package var family: Family

    /// Parses `text`; nil when it is not `ADDRESS:PORT` with a numeric address and a port 0–65535
    /// (0 asks the kernel for a free port).
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard Self.parses(host, family: AF_INET6) else { return nil }
            family = .ipv6
        } else {
            if host == "localhost" { host = "127.0.0.1" }
            guard Self.parses(host, family: AF_INET) else { return nil }
            family = .ipv4
        }
        self.host = host
        self.port = port
    }

    /// The address as it parses back: IPv6 hosts in brackets.
    package var description: String {
        family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func parses(_ host: String, family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, host, &buffer) == 1
    }
}
