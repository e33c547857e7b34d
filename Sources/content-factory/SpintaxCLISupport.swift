import ArgumentParser
import Foundation
import Spintax

/// A failure of a `spintax` subcommand: printed as one line on stderr, then the process exits with
/// `exitCode` (1 for bad input or a runtime failure, 2 for bad usage).
struct SpintaxCLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1
    var description: String { message }

    static func usage(_ message: String) -> SpintaxCLIError { SpintaxCLIError(message: message, exitCode: 2) }
}

/// File, JSON and output plumbing shared by the `spintax` subcommands.
enum SpintaxCLI {
    /// Runs `body`, turning any failure into one stderr line and the matching exit code.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SpintaxCLIError {
            FileHandle.standardError.write(Data("content-factory spintax: \(error.message)\n".utf8))
            throw ExitCode(error.exitCode)
        } catch let error as SpintaxError {
            FileHandle.standardError.write(Data("content-factory spintax: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpintaxCLIError(message: "cannot read '\(path)'")
        }
        return [UInt8](data)
    }

    /// Parses `path` strictly; the first error becomes the one-line failure.
    static func template(at path: String) throws -> Template {
        let source = try readFile(path)
        let result = Template.parse(source)
        guard let template = result.template else {
            let errors = result.diagnostics.filter { $0.severity == .error }
            let first = errors.first!
            let more = errors.count > 1 ? " (and \(errors.count - 1) more; run 'spintax lint')" : ""
            throw SpintaxCLIError(message: "\(path):\(first.line):\(first.column): error[\(first.code)]: \(first.message)\(more)")
        }
        return template
    }

    /// One binding from a JSON object: string values, or arrays of strings for list variables.
    static func binding(fromJSONObject object: Any, context: String) throws -> Binding {
        guard let dictionary = object as? [String: Any] else {
            throw SpintaxCLIError(message: "\(context): expected a JSON object of variable values")
        }
        var values: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for (name, value) in dictionary {
            if let string = value as? String {
                values[name] = string
            } else if let array = value as? [Any], let strings = array as? [String], strings.count == array.count {
                lists[name] = strings
            } else {
                throw SpintaxCLIError(message: "\(context): variable '\(name)' must be a string or an array of strings")
            }
        }
        return Binding(values: values, lists: lists)
    }

    static func binding(fromJSON text: String) throws -> Binding {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw SpintaxCLIError(message: "--vars-json is not valid JSON")
        }
        return try binding(fromJSONObject: object, context: "--vars-json")
    }

    /// Bindings from a file shaped like `bench_vars.json` (`{"bindings": [{…}, …]}`) or a bare array.
    static func bindings(fromFile path: String) throws -> [Binding] {
        let data = Data(try readFile(path))
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw SpintaxCLIError(message: "'\(path)' is not valid JSON")
        }
        let rows = (object as? [String: Any])?["bindings"] ?? object
        guard let array = rows as? [Any] else {
            throw SpintaxCLIError(message: "'\(path)': expected {\"bindings\": [...]} or a JSON array of objects")
        }
        guard !array.isEmpty else { throw SpintaxCLIError(message: "'\(path)' has no bindings") }
        return try array.enumerated().map { try binding(fromJSONObject: $1, context: "'\(path)' row \($0)") }
    }

    /// Writes bytes to stdout exactly.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
