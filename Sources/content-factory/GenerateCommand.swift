import ArgumentParser
import ContentFactory
import Foundation
import PostgresClient

#if canImport(Glibc)
import Glibc
#endif

/// `content-factory generate --job ID [--dry-run] [--limit N]`: one job in the foreground, no queue.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate one job's articles in the foreground, without the queue.",
        discussion: """
            Resumes at the job's current_offset and commits batch by batch with its progress. With --dry-run \
            nothing is written: the first articles are printed instead. Do not run it on a job a daemon is running.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("job"), help: "The generation_jobs id.")
    var jobID: String

    @Flag(name: .customLong("dry-run"), help: "Write nothing; print the first articles.")
    var dryRun = false

    @Option(name: .customLong("limit"), help: "With --dry-run: how many articles to print (default 3).")
    var limit: Int = 3

    @Flag(name: .customLong("all"), help: "With --dry-run: render every article of the job (writing nothing) and report the rate.")
    var renderAll = false

    @Option(name: .customLong("threads"), help: "Rendering threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard !renderAll || dryRun else { throw ValidationError("--all goes with --dry-run") }
    }

    func run() async throws {
        let id = try parseUUID(jobID, option: "--job")
        let logger = try global.makeLogger()
        let connector = DatabaseConnector(options: global, logger: logger)
        try await connector.withConnection { connection in
            let job = try await withGenerationErrors { try await ForegroundGeneration.loadJob(id, connection: connection) }
            if dryRun {
                try await printPreview(job: job, connection: connection)
            } else {
                try await generateAll(job: job, connection: connection, connector: connector)
            }
        }
    }

    private func printPreview(job: JobRecord, connection: PostgresConnection) async throws {
        let prepared = try await withGenerationErrors {
            try await CampaignArticleGenerator().prepare(job: job, connection: connection)
        }
        let count = min(limit, job.targetQuantity)
        let batch = try await withGenerationErrors {
            try await BatchRenderer(parallelism: threads).render(0..<count, of: prepared)
        }
        for (offset, headline) in batch.headlines.enumerated() {
            print("#\(batch.range.lowerBound + offset)  \(headline)")
        }
        for article in batch.articles {
            print("#\(article.sequence)  \(article.title)")
            print("    slug: \(article.slugBase)   words: \(article.wordCount)")
            for line in article.content.split(separator: "\n").prefix(6) {
                print("    \(line.prefix(160))")
            }
            print("")
        }
        guard renderAll else {
            print("dry run: nothing written (\(job.targetQuantity) articles planned)")
            return
        }
        // Render the whole job batch by batch, as a run would, keeping only the running totals.
        let renderer = BatchRenderer(parallelism: threads)
        let batchSize = max(job.batchSize, 1000)
        var words = 0
        let started = ContinuousClock.now
        var offset = 0
        while offset < job.targetQuantity {
            let range = offset..<min(offset + batchSize, job.targetQuantity)
            let batch = try await withGenerationErrors { try await renderer.render(range, of: prepared) }
            words += batch.articles.reduce(0) { $0 + $1.wordCount }
            offset = range.upperBound
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(job.targetQuantity) / seconds : 0
        print("dry run: rendered \(job.targetQuantity) articles (\(words) words) in \(String(format: "%.3f", seconds)) s "
            + "on \(threads) thread\(threads == 1 ? "" : "s"): \(String(format: "%.0f", rate)) articles/s; nothing written")
    }

    private func generateAll(job: JobRecord, connection: PostgresConnection, connector: DatabaseConnector) async throws {
        let terminal = isatty(1) == 1
        let generation = ForegroundGeneration(threads: threads)
        let started = ContinuousClock.now
        var similarity: JobSimilarity?
        try await withGenerationErrors {
            try await generation.run(job: job, connection: connection, companion: { try await connector.connect() }) { progress in
                if let jobSimilarity = progress.summary.jobSimilarity { similarity = jobSimilarity }
                let percent = progress.total == 0 ? 100 : progress.committed * 100 / progress.total
                if terminal {
                    let width = 30
                    let filled = width * percent / 100
                    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                    print("\r[\(bar)] \(percent)%  \(progress.committed)/\(progress.total) articles", terminator: "")
                    fflush(nil)
                } else {
                    let summary = progress.summary
                    var line = "progress \(progress.committed)/\(progress.total) (\(percent)%), batch of \(summary.articles) in \(String(format: "%.3f", progress.batchSeconds)) s"
                    if let inserted = summary.headlinesInserted {
                        line += ", headlines added \(inserted)"
                    } else {
                        line += ", words \(summary.minWords)-\(summary.maxWords)"
                    }
                    if let links = summary.links { line += ", links \(links.values.reduce(0, +))" }
                    if let related = summary.relatedLinks { line += ", related links \(related)" }
                    print(line)
                }
            }
        }
        if terminal { print("") }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let written = job.targetQuantity - job.currentOffset
        print("job \(job.id.uuidString.lowercased()) completed: \(written) articles written in \(String(format: "%.2f", seconds)) s")
        if let similarity { print("similarity: \(similarity.jsonText)") }
    }
}

/// Turns generation errors into one-line failures; the diagnostics go to stderr first.
func withGenerationErrors<Value>(_ body: () async throws -> Value) async throws -> Value {
    do {
        return try await body()
    } catch let error as GenerationError {
        if error.diagnostics.count > 1 || error.diagnostics.first?.line != nil {
            writeStandardError(GenerationDiagnosticPrinter.text(error.diagnostics))
        }
        throw CommandFailure(error.description)
    } catch let error as PostgresError {
        throw CommandFailure(error.description)
    }
}

/// - Throws: `CommandFailure` with status 2 for text that is not a UUID.
func parseUUID(_ text: String, option: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else {
        throw CommandFailure("\(option): '\(text)' is not a UUID", status: .usage)
    }
    return id
}
