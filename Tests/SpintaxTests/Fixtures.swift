import Foundation
import Spintax

/// Access to the golden files in `Fixtures/` (copied from the shared contract data).
enum Fixtures {
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    static func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) as! [String: Any]
    }

    static var expected: [String: Any] {
        get throws { try json("expected.json") }
    }

    /// `bench_vars.json["bindings"]` in file order.
    static func bindings() throws -> [Binding] {
        let rows = try json("bench_vars.json")["bindings"] as! [[String: String]]
        return rows.map { Binding($0) }
    }

    static func template(_ name: String) throws -> Template {
        let result = Template.parse(try bytes(name))
        guard let template = result.template else {
            throw SpintaxError(code: .invalidTemplate, message: "\(name) did not parse", diagnostics: result.diagnostics)
        }
        return template
    }
}

extension Template {
    /// Test convenience: strict parse of a string literal that must be valid.
    static func valid(_ source: String, schema: [String]? = nil) throws -> Template {
        var options = ParseOptions()
        if let schema { options.schema = try VariableSchema(names: schema) }
        return try Template(source, options: options)
    }

    func renderString(seed: UInt64, index: UInt64, _ values: [String: String] = [:], html: Bool = false) throws -> String {
        var out: [UInt8] = []
        render(seed: seed, index: index, binding: try resolve(Binding(values)), options: RenderOptions(escapeHTML: html), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func variantString(_ k: UInt64, _ binding: Binding = Binding([:])) throws -> String {
        var out: [UInt8] = []
        variant(k, binding: try resolve(binding), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Every variant via the enumerator.
    func allVariants(_ binding: Binding = Binding([:])) throws -> [String] {
        var enumerator = makeVariantEnumerator(binding: try resolve(binding))
        var out: [UInt8] = []
        var result: [String] = []
        while enumerator.next(into: &out) { result.append(String(decoding: out, as: UTF8.self)) }
        return result
    }
}
