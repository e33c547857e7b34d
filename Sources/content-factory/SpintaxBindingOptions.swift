import ArgumentParser
import Spintax

/// The options that choose a spintax subcommand's binding: `--vars-json`, or one row of a
/// `--bindings` file; neither gives the empty binding.
struct SpintaxBindingOptions: ParsableArguments {
    @Option(name: .customLong("vars-json"), help: "Variable values as a JSON object.")
    var varsJSON: String?

    @Option(help: "A JSON bindings file ({\"bindings\": [...]} or an array of objects).")
    var bindings: String?

    /// The binding given by `--vars-json`, or the row `pick(rowCount)` of the `--bindings` file, or an
    /// empty binding when neither is given.
    /// - Throws: `SpintaxCLIError` for both options at once, unreadable JSON, or a bad row.
    func binding(row pick: (_ rowCount: Int) throws -> Int) throws -> Binding {
        if varsJSON != nil && bindings != nil { throw SpintaxCLIError.usage("use either --vars-json or --bindings") }
        if let varsJSON { return try SpintaxCLI.binding(fromJSON: varsJSON) }
        if let bindings {
            let rows = try SpintaxCLI.bindings(fromFile: bindings)
            return rows[try pick(rows.count)]
        }
        return Binding([:])
    }
}
