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
            let binding = try SpintaxCLI.binding(varsJSON: varsJSON, bindingsFile: bindings) { Int(index % UInt64($0)) }
            let template = try SpintaxCLI.template(at: file)
            var out: [UInt8] = []
            template.render(
                seed: seed, index: index, binding: try template.resolve(binding),
                options: RenderOptions(escapeHTML: escapeHTML), into: &out)
            SpintaxCLI.write(out)
        }
    }
}
