import ArgumentParser
import Spintax

/// `spintax render FILE --seed S --index I`: article I of seed S (counter-based choices), bytes exactly.
struct SpintaxRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render one article.",
        discussion: "With --bindings, article I uses row I % (number of rows).")

    @OptionGroup var template: SpintaxTemplateFile

    @Option(help: "Master seed.")
    var seed: UInt64

    @Option(help: "Article index.")
    var index: UInt64

    /// `--vars-json`, or `--bindings` where article I uses row I % count.
    @OptionGroup var binding: SpintaxBindingOptions

    @OptionGroup var escape: SpintaxEscapeOption

    func run() throws {
        try SpintaxCLI.run {
            let binding = try self.binding.binding { Int(index % UInt64($0)) }
            let template = try self.template.load()
            var out: [UInt8] = []
            template.render(
                seed: seed, index: index, binding: try template.resolve(binding),
                options: escape.renderOptions, into: &out)
            SpintaxCLI.write(out)
        }
    }
}
