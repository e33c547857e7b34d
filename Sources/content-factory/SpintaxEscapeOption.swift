import ArgumentParser
import Spintax

/// `--escape-html` of the `spintax` subcommands that render articles.
struct SpintaxEscapeOption: ParsableArguments {
    @Flag(name: .customLong("escape-html"), help: "HTML-escape variable values.")
    var escapeHTML = false

    /// The render options the flag asks for.
    var renderOptions: RenderOptions { RenderOptions(escapeHTML: escapeHTML) }
}
