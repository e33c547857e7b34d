import ArgumentParser
import Spintax

/// `spintax variant FILE --index K`: the k-th variant (mixed radix, last group fastest), bytes exactly.
struct SpintaxVariantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "variant", abstract: "Print the k-th variant.")

    @OptionGroup var template: SpintaxTemplateFile

    @Option(help: "Variant index k (0-based).")
    var index: UInt64

    /// `--vars-json`, or `--bindings` with the row given by `--row` (default 0).
    @OptionGroup var binding: SpintaxBindingOptions

    @Option(help: "Row of --bindings to use.")
    var row: Int?

    func run() throws {
        try SpintaxCLI.run {
            if row != nil && binding.bindings == nil { throw SpintaxCLIError.usage("--row needs --bindings") }
            let binding = try self.binding.binding { rowCount in
                let row = self.row ?? 0
                guard (0..<rowCount).contains(row) else {
                    throw SpintaxCLIError.usage("--row \(row) is out of range (\(rowCount) rows)")
                }
                return row
            }
            let template = try self.template.load()
            if let count = template.count.exactValue, index >= count {
                throw SpintaxCLIError.usage("--index \(index) is out of range; the template has \(count) variants")
            }
            var out: [UInt8] = []
            template.variant(index, binding: try template.resolve(binding), into: &out)
            SpintaxCLI.write(out)
        }
    }
}
