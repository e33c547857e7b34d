import ArgumentParser
import Spintax

/// `spintax count FILE`: the number of derivation paths, exact or `>= 2^64-1 (about 10^N)`.
struct SpintaxCountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "count", abstract: "Count the variants of a template.")

    @OptionGroup var template: SpintaxTemplateFile

    func run() throws {
        try SpintaxCLI.run {
            let template = try self.template.load()
            SpintaxCLI.write(Array("\(template.count)\n".utf8))
        }
    }
}
