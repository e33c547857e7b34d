import ContentFactory
import Foundation

/// The read-only status page at `/`: plain HTML with a little inline CSS, no script, no external
/// asset, reloading itself every `refreshSeconds`. Every value from the database is escaped.
package struct StatusPage: Sendable {
    /// The `<meta http-equiv="refresh">` interval of the page, in seconds.
    package var refreshSeconds: Int
    /// This daemon's worker id, marked in the workers table.
    package var worker: String?

    /// - Parameter worker: this daemon's worker id, marked in the workers table; nil marks none.
    package init(refreshSeconds: Int = 5, worker: String? = nil) {
        self.refreshSeconds = refreshSeconds
        self.worker = worker
    }

    /// The page for `snapshot`.
    package func render(_ snapshot: StatusSnapshot, now: Date = Date()) -> String {
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

        html += Self.section("Running jobs", id: "running", headers: ["job", "progress", "articles", "worker", "heartbeat age"],
                             rows: snapshot.running.map { job in
            "<td class=\"mono\">\(e(job.id))</td>"
                + "<td><progress value=\"\(job.progress)\" max=\"100\">\(job.progress)%</progress> \(job.progress)%</td>"
                + "<td>\(job.offset)/\(job.target)</td><td class=\"mono\">\(e(job.worker ?? "?"))</td>"
                + "<td>\(job.heartbeatAge.map(Self.seconds) ?? "never")</td>"
        })
        html += Self.section("Workers", id: "workers", headers: ["worker", "state", "last seen", "version", "concurrency"],
                             rows: snapshot.workers.map { worker in
            let mine = worker.id == self.worker ? " (this daemon)" : ""
            return "<td class=\"mono\">\(e(worker.id))\(mine)</td><td class=\"\(worker.state.rawValue)\">\(worker.state.rawValue)</td>"
                + "<td>\(Self.seconds(worker.secondsSinceSeen)) ago</td><td>\(e(worker.version))</td><td>\(worker.concurrency)</td>"
        })
        html += Self.section("Failed jobs", id: "failed", headers: ["job", "attempt", "at", "last error"], rows: snapshot.failed.map { job in
            "<td class=\"mono\">\(e(job.id))</td><td>\(job.attempt)</td><td>\(e(job.updatedAt))</td>"
                + "<td class=\"error\">\(e(job.lastError ?? ""))</td>"
        })
        html += Self.section("Work log (last \(snapshot.log.count))", id: "log",
                             headers: ["id", "time", "level", "action", "entity", "details"], rows: snapshot.log.map { row in
            "<td>\(row.id)</td><td>\(e(row.timestamp))</td><td class=\"\(e(row.level))\">\(e(row.level))</td>"
                + "<td>\(e(row.action))</td><td class=\"mono\">\(e(row.entityID))</td><td class=\"mono\">\(e(row.details))</td>"
        }, noneWhenEmpty: false)
        html += "</body></html>\n"
        return html
    }

    /// `<h2>title</h2>` and a table of `rows` (each the cells of one `<tr>`), or `none` in place of an
    /// empty table when `noneWhenEmpty`.
    private static func section(_ title: String, id: String, headers: [String], rows: [String], noneWhenEmpty: Bool = true) -> String {
        var html = "<h2>\(title)</h2>\n"
        if noneWhenEmpty && rows.isEmpty { return html + "<p id=\"\(id)\">none</p>\n" }
        html += "<table id=\"\(id)\"><tr>" + headers.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + row + "</tr>\n" }
        return html + "</table>\n"
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
