import ArgumentParser
import ContentFactory
import Foundation

/// `content-factory similarity --job ID [--top 10] [--json]`: how alike a guarded job's articles are.
struct SimilarityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Show a job's near-duplicate report: nearest-neighbour distribution and closest pairs.",
        discussion: """
            Each article's nearest is its highest Jaccard similarity (word 5-shingles, places and persona \
            masked) with an earlier article of its site, as the guard found it when the article was written. \
            Jobs run with max_similarity 1 have no fingerprints and no report.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("job"), help: "The generation_jobs id.")
    var jobID: String

    @Option(name: .customLong("top"), help: "How many closest pairs to show (default 10).")
    var top: Int = 10

    @Flag(name: .customLong("json"), help: "Print JSON.")
    var json = false

    func run() async throws {
        let id = try parseUUID(jobID, option: "--job")
        guard top >= 0 else { throw CommandFailure("--top must be 0 or more", status: .usage) }
        let logger = try global.makeLogger()
        try await DatabaseConnector(options: global, logger: logger).withConnection { connection in
            let report = try await withGenerationErrors { try await SimilarityReport.load(job: id, top: top, connection: connection) }
            if json {
                print(report.jsonText)
                return
            }
            guard report.articles > 0 else {
                throw CommandFailure("job \(id.uuidString.lowercased()) has no fingerprints (not run yet, or run with max_similarity 1)")
            }
            func f(_ value: Double) -> String { String(format: "%.3f", value) }
            print("job \(id.uuidString.lowercased()): \(report.articles) articles")
            print("nearest: max \(f(report.max)), mean \(f(report.mean)), median \(f(report.median)), p95 \(f(report.p95))")
            let peak = max(1, report.histogram.max() ?? 1)
            for (tenth, count) in report.histogram.enumerated() where count > 0 {
                let bar = String(repeating: "#", count: max(1, count * 40 / peak))
                print(String(format: "  %.1f-%.1f %7d ", Double(tenth) / 10, Double(tenth + 1) / 10, count) + bar)
            }
            if !report.pairs.isEmpty { print("closest pairs:") }
            for pair in report.pairs {
                print("  \(f(pair.jaccard))  #\(pair.jobSeq) \(pair.articleID.uuidString.lowercased()) \"\(pair.title)\"")
                print("         ~ job \(pair.otherJobID.uuidString.lowercased()) #\(pair.otherJobSeq) \(pair.otherID.uuidString.lowercased()) \"\(pair.otherTitle)\"")
                print("         longest shared passage (\(pair.sharedWords) words): \"\(pair.sharedPassage)\"")
            }
        }
    }
}
