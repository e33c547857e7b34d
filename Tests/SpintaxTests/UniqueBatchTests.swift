import Testing
@testable import Spintax

@Suite struct UniqueBatchTests {
    @Test func capacityError() throws {
        let template = try Template.valid("{a|b} {c|d|e}")
        #expect {
            try UniqueBatchPlan(template: template, quantity: 7, seed: 1)
        } throws: { error in
            let error = error as! SpintaxError
            return error.code == .capacity && error.message == "template has 6 top-level variants; 7 requested"
        }
        let plan = try UniqueBatchPlan(template: template, quantity: 6, seed: 1)
        #expect(plan.keyGroupOrdinals == [0, 1])
        #expect(plan.keySpace == 6)
    }

    @Test(arguments: [1 as UInt64, 42, 0xDEAD_BEEF_CAFE])
    func reseededPlanRendersAsAFreshOne(seed: UInt64) throws {
        let template = try Fixtures.template("headline_template.txt")
        let binding = try template.resolve(Fixtures.bindings()[3])
        let fresh = try UniqueBatchPlan(template: template, quantity: 500, seed: seed)
        let reseeded = try UniqueBatchPlan(template: template, quantity: 500, seed: 7).reseeded(seed)
        #expect(reseeded.seed == seed)
        #expect(reseeded.keyGroupOrdinals == fresh.keyGroupOrdinals)
        var a: [UInt8] = [], b: [UInt8] = []
        for index in 0..<500 as Range<UInt64> {
            a.removeAll(keepingCapacity: true)
            b.removeAll(keepingCapacity: true)
            fresh.render(index: index, binding: binding, into: &a)
            reseeded.render(index: index, binding: binding, into: &b)
            #expect(a == b)
        }
    }

    @Test func wholeKeySpaceIsDistinct() throws {
        let template = try Fixtures.template("headline_template_nested.txt")
        let plan = try UniqueBatchPlan(template: template, quantity: 462, seed: 9)
        #expect(plan.keySpace == 462)
        let bindings = try Fixtures.bindings().map { try template.resolve($0) }
        var digests = DigestSet()
        var keys = Set<UInt64>()
        var out: [UInt8] = []
        for index in 0..<462 as Range<UInt64> {
            out.removeAll(keepingCapacity: true)
            plan.render(index: index, binding: bindings[0], into: &out)
            #expect(digests.insert(out, index: index) == nil)
            keys.insert(plan.keyIndex(of: index))
        }
        #expect(keys.count == 462)
        #expect(plan.keyDigits(of: 5).count == plan.keyRadices.count)
        #expect(zip(plan.keyDigits(of: 5), plan.keyRadices).allSatisfy { $0 < $1 })
        #expect(digests.count == 462)
        _ = bindings
    }

    @Test func permutationsAndConditionalsAsKeyGroups() throws {
        let template = try Template.valid("{[+,+]a|b|c} {?C?{x|y}|z} {1|2}")
        let plan = try UniqueBatchPlan(template: template, quantity: 12, seed: 4)
        #expect(plan.keyGroupOrdinals == [0, 1])
        #expect(plan.keyRadices == [6, 2])
        let binding = try template.resolve(Binding(["C": "on"]))
        var outputs = Set<[UInt8]>()
        var orders = Set<[UInt8]>()
        var out: [UInt8] = []
        for index in 0..<12 as Range<UInt64> {
            out.removeAll()
            plan.render(index: index, binding: binding, options: RenderOptions(escapeHTML: true), into: &out)
            outputs.insert(out)
            orders.insert(Array(out.prefix(5)))
        }
        #expect(outputs.count == 12)
        #expect(orders.count == 6)
        #expect(orders.allSatisfy { Set($0) == Set("a,b,c".utf8) })
    }

    @Test func digestSetReportsBothIndices() {
        var set = DigestSet(expectedCount: 2)
        #expect(set.insert(Array("same".utf8), index: 3) == nil)
        #expect(set.insert(Array("other".utf8), index: 4) == nil)
        #expect(set.insert(Array("same".utf8), index: 9) == DigestSet.Collision(firstIndex: 3, secondIndex: 9))
        for i in 10..<5000 as Range<UInt64> { #expect(set.insert(Array(String(i).utf8), index: i) == nil) }
    }

    @Test func listVariablesAreDrawnNotKeyed() throws {
        let template = try Template.valid("{a|b|c} {Color}")
        let plan = try UniqueBatchPlan(template: template, quantity: 3, seed: 2)
        #expect(plan.keyRadices == [3])
        let binding = try template.resolve(Binding(values: [:], lists: ["Color": ["red", "blue"]]))
        var outputs = Set<String>()
        var out: [UInt8] = []
        for index in 0..<3 as Range<UInt64> {
            out.removeAll()
            plan.render(index: index, binding: binding, into: &out)
            outputs.insert(String(decoding: out.prefix(1), as: UTF8.self))
        }
        #expect(outputs == ["a", "b", "c"])
    }
}
