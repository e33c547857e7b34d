import ArgumentParser
import Spintax

/// The template file argument of the `spintax` subcommands that read one template.
struct SpintaxTemplateFile: ParsableArguments {
    @Argument(help: "Template file.")
    var file: String

    /// The template, parsed strictly.
    /// - Throws: `SpintaxCLIError` naming `file:line:column` and the first error.
    func load() throws -> Template {
        try SpintaxCLI.template(at: file)
    }
}
