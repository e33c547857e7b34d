import Foundation

/// The benchmark inputs from `Benchmarks/Data`, read once before anything is measured.
public struct BenchmarkData: Sendable {
    /// The ~22 KB SEO article template (tier-1 spintax).
    public var articleSource: [UInt8]
    /// The headline template with 32,400 variants.
    public var headlineSource: [UInt8]
    /// The 60 binding rows; article *i* uses `bindings[i % 60]`.
    public var bindings: [[String: String]]

    /// The directory holding the data files in this checkout, found from this source file's path
    /// so the runners work from any working directory.
    public static let defaultDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // BenchSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // Benchmarks
        .appendingPathComponent("Data")
        .path

    /// Reads `article_template.txt`, `headline_template.txt` and `article_bindings.json`.
    /// - Throws: `BenchmarkError` when a file is missing or the bindings are not
    ///   `{"bindings": [{name: value}]}` with at least one row.
    public init(directory: String = BenchmarkData.defaultDirectory) throws {
        func read(_ name: String) throws -> [UInt8] {
            let path = directory + "/" + name
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw BenchmarkError("cannot read \(path)")
            }
            return [UInt8](contents)
        }
        articleSource = try read("article_template.txt")
        headlineSource = try read("headline_template.txt")
        struct BindingsFile: Decodable { var bindings: [[String: String]] }
        do {
            bindings = try JSONDecoder().decode(BindingsFile.self, from: Data(try read("article_bindings.json"))).bindings
        } catch let error as BenchmarkError {
            throw error
        } catch {
            throw BenchmarkError("article_bindings.json: \(error)")
        }
        guard !bindings.isEmpty else { throw BenchmarkError("article_bindings.json has no rows") }
    }
}

/// A failure to set up a benchmark (missing data, a template the engine rejects).
public struct BenchmarkError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for a person.
    public var description: String

    /// Wraps a message.
    public init(_ description: String) { self.description = description }
}
