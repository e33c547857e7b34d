import ArgumentParser
import Spintax

/// `spintax variant FILE --index K`: the k-th variant (mixed radix, last group fastest), bytes exactly.
struct SpintaxVariantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "variant", abstract: "Print the k-th variant.")

    @Argument(help: "Template file.")
    var file: String

    @Option(help: "Variant index k (0-based).")
    var index: UInt64

    @Option(name: .customLong("vars-json"), help: "Variable values as a JSON object.")
    var varsJSON: String?

    @Option(help: "A JSON bindings file ({\"bindings\": [...]}).")
    var bindings: String?

    @Option(help: "Row of --bindings to use.")
    var row: Int?

    func run() throws {
        try SpintaxCLI.run {
            if varsJSON != nil && bindings != nil { throw SpintaxCLIError.usage("use either --vars-json or --bindings") }
            if row != nil && bindings == nil { throw SpintaxCLIError.usage("--row needs --bindings") }
            let template = try SpintaxCLI.template(at: file)
            var binding = Binding([:])
            if let varsJSON { binding = try SpintaxCLI.binding(fromJSON: varsJSON) }
            if let bindings {
                let rows = try SpintaxCLI.bindings(fromFile: bindings)
                let row = self.row ?? 0
                guard rows.indices.contains(row) else {
                    throw SpintaxCLIError.usage("--row \(row) is out of range (\(rows.count) rows)")
                }
                binding = rows[row]
            }
            if let count = template.count.exactValue, index >= count {
                throw SpintaxCLIError.usage("--index \(index) is out of range; the template has \(count) variants")
            }
            var out: [UInt8] = []
            template.variant(index, binding: try template.resolve(binding), into: &out)
            SpintaxCLI.write(out)
        }
    }
}
