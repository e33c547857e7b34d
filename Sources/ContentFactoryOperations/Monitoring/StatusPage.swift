import ContentFactory
import Foundation

/// The read-only status page at `/`: plain HTML with a little inline CSS, no script, no external
/// asset, reloading itself every `refreshSeconds`. Every value from the database is escaped.
public struct StatusPage: Sendable {
    /// The `<meta http-equiv="refresh">` interval of the page, in seconds.
    public var refreshSeconds: Int
    /// This daemon's worker id, marked in the workers table.
    public var worker: String?

    /// - Parameter worker: this daemon's worker id, marked in the workers table; nil marks none.
    public init(refreshSeconds: Int = 5, worker: String? = nil) {
        self.refreshSeconds = refreshSeconds
        self.worker = worker
    }

    /// The page for `snapshot`.
    public func render(_ snapshot: StatusSnapshot, now: Date = Date()) -> String {
        let e = HTMLEscaping.attribute
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="refresh" content="\(refreshSeconds)">
            <title>content-factory status</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;margin-bottom:1.5em}
            td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f4f4f4}.mono{font-family:ui-monospace,monospace;font-size:12px}
            .lost,.error{color:#b00}.warning{color:#a60}progress{width:12em}
            </style></head><body>
            <h1>content-factory</h1>
            <p>Generated \(e(Self.timestamp(now))) UTC; reloads every \(refreshSeconds) s.</p>

            """
        html += "<h2>Jobs by status</h2>\n<table id=\"counts\"><tr>"
        html += snapshot.counts.isEmpty ? "<td>no jobs</td>" : snapshot.counts.map { "<th>\(e($0.status))</th>" }.joined()
        html += "</tr><tr>" + snapshot.counts.map { "<td>\($0.count)</td>" }.joined() + "</tr></table>\n"

        html += "<h2>Running jobs</h2>\n"
        if snapshot.running.isEmpty {
            html += "<p id=\"running\">none</p>\n"
        } else {
            html += "<table id=\"running\"><tr><th>job</th><th>progress</th><th>articles</th><th>worker</th><th>heartbeat age</th></tr>\n"
            for job in snapshot.running {
                html += "<tr><td class=\"mono\">\(e(job.id))</td>"
                html += "<td><progress value=\"\(job.progress)\" max=\"100\">\(job.progress)%</progress> \(job.progress)%</td>"
                html += "<td>\(job.offset)/\(job.target)</td><td class=\"mono\">\(e(job.worker ?? "?"))</td>"
                html += "<td>\(job.heartbeatAge.map(Self.seconds) ?? "never")</td></tr>\n"
            }
            html += "</table>\n"
        }

        html += "<h2>Workers</h2>\n"
        if snapshot.workers.isEmpty {
            html += "<p id=\"workers\">none</p>\n"
        } else {
            html += "<table id=\"workers\"><tr><th>worker</th><th>state</th><th>last seen</th><th>version</th><th>concurrency</th></tr>\n"
            for worker in snapshot.workers {
                let mine = worker.id == self.worker ? " (this daemon)" : ""
                html += "<tr><td class=\"mono\">\(e(worker.id))\(mine)</td><td class=\"\(worker.state.rawValue)\">\(worker.state.rawValue)</td>"
                html += "<td>\(Self.seconds(worker.secondsSinceSeen)) ago</td><td>\(e(worker.version))</td><td>\(worker.concurrency)</td></tr>\n"
            }
            html += "</table>\n"
        }

        html += "<h2>Failed jobs</h2>\n"
        if snapshot.failed.isEmpty {
            html += "<p id=\"failed\">none</p>\n"
        } else {
            html += "<table id=\"failed\"><tr><th>job</th><th>attempt</th><th>at</th><th>last error</th></tr>\n"
            for job in snapshot.failed {
                html += "<tr><td class=\"mono\">\(e(job.id))</td><td>\(job.attempt)</td><td>\(e(job.updatedAt))</td>"
                html += "<td class=\"error\">\(e(job.lastError ?? ""))</td></tr>\n"
            }
            html += "</table>\n"
        }

        html += "<h2>Work log (last \(snapshot.log.count))</h2>\n"
        html += "<table id=\"log\"><tr><th>id</th><th>time</th><th>level</th><th>action</th><th>entity</th><th>details</th></tr>\n"
        for row in snapshot.log {
            html += "<tr><td>\(row.id)</td><td>\(e(row.timestamp))</td><td class=\"\(e(row.level))\">\(e(row.level))</td>"
            html += "<td>\(e(row.action))</td><td class=\"mono\">\(e(row.entityID))</td><td class=\"mono\">\(e(row.details))</td></tr>\n"
        }
        html += "</table>\n</body></html>\n"
        return html
    }

    private static func seconds(_ value: Double) -> String {
        value < 120 ? String(format: "%.1f s", value) : String(format: "%.0f min", value / 60)
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }
}
