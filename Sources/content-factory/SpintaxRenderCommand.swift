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

    /// `--vars-json`, or `--bindings` where article I uses row I % count.
    @OptionGroup var binding: SpintaxBindingOptions

    @Flag(name: .customLong("escape-html"), help: "HTML-escape variable values.")
    var escapeHTML = false

    func run() throws {
        try SpintaxCLI.run {
            let binding = try self.binding.binding { Int(index % UInt64($0)) }
            let template = try SpintaxCLI.template(at: file)
            var out: [UInt8] = []
            template.render(
                seed: seed, index: index, binding: try template.resolve(binding),
                options: RenderOptions(escapeHTML: escapeHTML), into: &out)
            SpintaxCLI.write(out)
        }
    }
}
