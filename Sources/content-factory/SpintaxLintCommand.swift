import ArgumentParser
import Foundation
import Spintax

/// `spintax lint FILE...`: compiler-style diagnostics (or JSON); exit 1 when any file has an error.
struct SpintaxLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Report errors and warnings with line:column positions.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Template files.")
    var files: [String]

    @Option(help: "Declared variable names, comma-separated; unknown names are errors (E004).")
    var vars: String?

    @Flag(help: "Lenient mode: errors are reported as warnings.")
    var lenient = false

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    /// One JSON record: the diagnostic's fields plus the file.
    struct Record: Encodable {
        var file: String
        var diagnostic: Diagnostic

        enum Keys: String, CodingKey { case file }

        func encode(to encoder: any Encoder) throws {
            try diagnostic.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(file, forKey: .file)
        }
    }

    func run() throws {
        try SpintaxCLI.run {
            var options = ParseOptions(mode: lenient ? .lenient : .strict)
            if let vars {
                let names = vars.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                do {
                    options.schema = try VariableSchema(names: names)
                } catch let error as SpintaxError {
                    throw SpintaxCLIError.usage("--vars: \(error.message)")
                }
            }
            var failed = false
            var records: [Record] = []
            var text = ""
            for file in files {
                let source = try SpintaxCLI.readFile(file)
                let result = Template.parse(source, options: options)
                failed = failed || result.hasErrors
                records += result.diagnostics.map { Record(file: file, diagnostic: $0) }
                text += DiagnosticFormatter.text(result.diagnostics, source: source, fileName: file)
            }
            switch format {
            case .text:
                SpintaxCLI.write(Array(text.utf8))
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                SpintaxCLI.write([UInt8](try encoder.encode(records)) + [10])
            }
            if failed { throw ExitCode(1) }
        }
    }
}
