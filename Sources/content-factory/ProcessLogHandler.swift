import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The executable's swift-log handler: one line per message on stderr.
///
/// Under systemd (stderr connected to the journal, `$JOURNAL_STREAM` naming it) each line starts with
/// the syslog priority, `<6>content-factory.run: job claimed job=…`, so the journal records levels
/// and adds its own timestamps. Elsewhere lines are plain, with a UTC timestamp and the level.
struct ProcessLogHandler: LogHandler {
    enum Format: Sendable {
        case journal
        case plain
    }

    var label: String
    var format: Format
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// `.journal` when `$JOURNAL_STREAM` names the device and inode stderr is connected to (systemd's
    /// documented check: a child that inherited the variable but writes elsewhere gets plain lines).
    static func detectFormat(environment: [String: String] = ProcessInfo.processInfo.environment) -> Format {
        guard let stream = environment["JOURNAL_STREAM"] else { return .plain }
        let parts = stream.split(separator: ":")
        var info = stat()
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]), fstat(2, &info) == 0 else {
            return .plain
        }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode ? .journal : .plain
    }

    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        let text = fields.isEmpty ? "\(event.message)" : "\(event.message) \(fields)"
        let line: String
        switch format {
        case .journal:
            line = "<\(Self.syslogPriority(event.level))>\(label): \(text)"
        case .plain:
            line = "\(Self.timestamp()) \(event.level) \(label): \(text)"
        }
        // One write per line: lines from several threads never interleave.
        writeStandardError(line.replacingOccurrences(of: "\n", with: " ") + "\n")
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000))
    }
}
