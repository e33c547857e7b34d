import ArgumentParser
import Spintax

/// `spintax render FILE --seed S --index I`: article I of seed S (counter-based choices), bytes exactly.
struct SpintaxRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Render one article.")

    @Argument(help: "Template file.")
    var file: String

    @Option(help: "Master seed.")
    var seed: UInt64

    @Option(help: "Article index.")
    var index: UInt64

    @Option(name: .customLong("vars-json"), help: "Variable values as a JSON object.")
    var varsJSON: String?

    @Option(help: "A JSON bindings file; article I uses bindings[I % count].")
    var bindings: String?

    @Flag(name: .customLong("escape-html"), help: "HTML-escape variable values.")
    var escapeHTML = false

    func run() throws {
        try SpintaxCLI.run {
            if varsJSON != nil && bindings != nil { throw SpintaxCLIError.usage("use either --vars-json or --bindings") }
            let template = try SpintaxCLI.template(at: file)
            var binding = Binding([:])
            if let varsJSON { binding = try SpintaxCLI.binding(fromJSON: varsJSON) }
            if let bindings {
                let rows = try SpintaxCLI.bindings(fromFile: bindings)
                binding = rows[Int(index % UInt64(rows.count))]
            }
            var out: [UInt8] = []
            template.render(
                seed: seed, index: index, binding: try template.resolve(binding),
                options: RenderOptions(escapeHTML: escapeHTML), into: &out)
            SpintaxCLI.write(out)
        }
    }
}
