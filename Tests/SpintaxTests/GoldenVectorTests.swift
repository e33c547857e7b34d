import Foundation
import Testing
@testable import Spintax

@Suite struct SHA256SelfTests {
    @Test func knownDigests() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func fixturesAreTheContractFiles() throws {
        let digests = try Fixtures.expected["sha256"] as! [String: String]
        for (name, digest) in digests { #expect(SHA256.hex(try Fixtures.bytes(name)) == digest, "\(name)") }
    }
}

@Suite struct PrimitiveVectorTests {
    @Test func mixAndFNV() {
        #expect(SpintaxHash.mix64(1) == 6_238_072_747_940_578_789)
        #expect(SpintaxHash.fnv1a64(Array("{a|b}".utf8)) == 6_914_604_753_258_771_206)
    }

    @Test func groupIDDrawAndFeistel() throws {
        let first = Array("{Best|Top|Top-Rated|Trusted|Affordable|Leading}".utf8)
        let gid = SpintaxHash.groupID(source: first, occurrence: 0)
        #expect(gid == 11_636_564_214_035_439_267)
        #expect(SpintaxHash.draw(seed: 42, article: 7, groupID: gid, count: 6) == 1)
        #expect(SpintaxHash.feistelPermute(5, domain: 32400, seed: 42) == 8933)
        // The parser assigns the same id to the template's first group.
        let template = try Fixtures.template("headline_template.txt")
        #expect(template.groups[template.topLevelGroups[0]].gid == gid)
    }

    @Test func feistelIsABijection() {
        for domain: UInt64 in [1, 2, 3, 7, 100, 1350, 4097] {
            let images = Set((0..<domain).map { SpintaxHash.feistelPermute($0, domain: domain, seed: 99) })
            #expect(images.count == Int(domain))
            #expect(images.allSatisfy { $0 < domain })
        }
    }
}

@Suite struct HeadlineVectorTests {
    @Test(arguments: ["headline", "headline_nested"])
    func structureCountsAndSamples(key: String) throws {
        let expected = try Fixtures.expected[key] as! [String: Any]
        let file = key == "headline" ? "headline_template.txt" : "headline_template_nested.txt"
        let template = try Fixtures.template(file)
        #expect(template.count == .exact(UInt64(expected["variant_count"] as! Int)))
        #expect(template.topLevelGroupCount == expected["top_level_groups"] as! Int)
        #expect(template.totalGroupCount == expected["total_groups"] as! Int)
        #expect(template.maxDepth == expected["max_depth"] as! Int)
        #expect(template.variableReferenceCount == expected["variable_refs"] as! Int)
        let binding = try Fixtures.bindings()[0]
        for (k, text) in expected["samples"] as! [String: String] {
            #expect(try template.variantString(UInt64(k)!, binding) == text, "k=\(k)")
        }
    }

    @Test(arguments: ["headline_template.txt", "headline_template_nested.txt"])
    func enumeratorMatchesVariantAndIsDistinct(file: String) throws {
        let template = try Fixtures.template(file)
        let binding = try Fixtures.bindings()[3]
        let all = try template.allVariants(binding)
        #expect(UInt64(all.count) == template.count.exactValue)
        #expect(Set(all).count == all.count)
        for k in stride(from: 0, to: all.count, by: 7) {
            #expect(try template.variantString(UInt64(k), binding) == all[k])
        }
    }

    @Test func nestedDistinctStrings() throws {
        let expected = try Fixtures.expected["headline_nested"] as! [String: Any]
        let all = try Fixtures.template("headline_template_nested.txt").allVariants(try Fixtures.bindings()[0])
        #expect(Set(all).count == expected["distinct_strings"] as! Int)
    }
}

@Suite struct UniqueBatchVectorTests {
    @Test func headlineBatch() throws {
        let expected = try (Fixtures.expected["unique_batches"] as! [String: Any])["headline"] as! [String: Any]
        let template = try Fixtures.template("headline_template.txt")
        let n = UInt64(expected["N"] as! Int)
        let plan = try UniqueBatchPlan(template: template, quantity: n, seed: UInt64(expected["seed"] as! Int))
        #expect(plan.keyGroupOrdinals == expected["key_group_ordinals"] as! [Int])
        #expect(plan.keyRadices == (expected["key_radices"] as! [Int]).map(UInt64.init))
        #expect(plan.keySpace == UInt64(expected["K"] as! Int))
        #expect(template.topLevelGroupCount == expected["top_level_groups"] as! Int)

        let bindings = try Fixtures.bindings().map { try template.resolve($0) }
        var outputs: [String] = []
        var joined: [UInt8] = []
        var buffer: [UInt8] = []
        var digests = DigestSet(expectedCount: Int(n))
        for i in 0..<n {
            buffer.removeAll(keepingCapacity: true)
            plan.render(index: i, binding: bindings[Int(i) % bindings.count], into: &buffer)
            #expect(digests.insert(buffer, index: i) == nil)
            if i > 0 { joined.append(0) }
            joined.append(contentsOf: buffer)
            outputs.append(String(decoding: buffer, as: UTF8.self))
        }
        #expect(Array(outputs.prefix(3)) == expected["first_three"] as! [String])
        #expect(Set(outputs).count == expected["distinct"] as! Int)
        #expect(SHA256.hex(joined) == expected["sha256_of_outputs_joined_by_NUL"] as! String)
    }
}
