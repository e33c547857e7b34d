import ArgumentParser
import Spintax

/// `spintax batch FILE --seed S --count N --bindings FILE`: N pairwise-distinct articles (Docs/Templates.md#unique-batches),
/// article i with bindings[i % rows], separated by "\n" (or NUL with --null), no trailing separator.
struct SpintaxBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Render N distinct articles with the unique-batch plan.")

    @OptionGroup var template: SpintaxTemplateFile

    @Option(help: "Master seed.")
    var seed: UInt64

    @Option(help: "Number of articles N.")
    var count: UInt64

    @Option(help: "A JSON bindings file ({\"bindings\": [...]}); article i uses bindings[i % rows].")
    var bindings: String

    @Flag(help: "Separate outputs with NUL instead of newline.")
    var null = false

    @OptionGroup var escape: SpintaxEscapeOption

    func run() throws {
        try SpintaxCLI.run {
            let template = try self.template.load()
            var rows: [ResolvedBinding] = []
            for (row, binding) in try SpintaxCLI.bindings(fromFile: bindings).enumerated() {
                do {
                    rows.append(try template.resolve(binding))
                } catch let error as SpintaxError {
                    throw SpintaxCLIError(message: "'\(bindings)' row \(row): \(error.message)")
                }
            }
            let plan = try UniqueBatchPlan(template: template, quantity: count, seed: seed)
            let options = escape.renderOptions
            var digests = DigestSet(expectedCount: Int(min(count, 1 << 20)))
            var article: [UInt8] = []
            var out: [UInt8] = []
            for i in 0..<count {
                article.removeAll(keepingCapacity: true)
                plan.render(index: i, binding: rows[Int(i % UInt64(rows.count))], options: options, into: &article)
                if let collision = digests.insert(article, index: i) {
                    let first = plan.keyDigits(of: collision.firstIndex)
                    let second = plan.keyDigits(of: collision.secondIndex)
                    let groups = plan.keyGroupOrdinals.indices.filter { first[$0] != second[$0] }
                        .map { "top-level group \(plan.keyGroupOrdinals[$0]) (variants \(first[$0]) and \(second[$0]))" }
                    throw SpintaxCLIError(
                        message: "articles \(collision.firstIndex) and \(collision.secondIndex) are identical although they differ in "
                            + groups.joined(separator: ", ") + "; the template is ambiguous (see lint W102)")
                }
                if i > 0 { out.append(null ? 0 : 10) }
                out += article
                if out.count >= 1 << 20 {
                    SpintaxCLI.write(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            SpintaxCLI.write(out)
        }
    }
}
