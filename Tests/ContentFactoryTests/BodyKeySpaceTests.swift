import Testing
@testable import ContentFactory

/// The whole-article key space without a database: bijection, alternates, saturation.
@Suite struct BodyKeySpaceTests {
    @Test func everyKeyOfASmallSpacePicksSomethingElse() {
        let space = BodyKeySpace(choiceSpaces: [[2, 3], [1], [4, 1, 2]], quantity: 35, seed: 7)
        #expect(space.sectionSpaces == [5, 1, 7])
        #expect(space.size == 35)
        #expect(!space.isSaturated)
        var seen = Set<[BodyKeySpace.Pick]>()
        var picks: [BodyKeySpace.Pick] = []
        for key in 0..<space.size {
            space.picks(of: key, into: &picks)
            for (position, pick) in picks.enumerated() {
                #expect(pick.variant < space.choiceSpaces[position][pick.choice])
            }
            seen.insert(picks)
        }
        #expect(seen.count == 35)
        // Every (fragment, variant) of every section is reachable.
        let firstSection = Set(seen.map { $0[0] })
        #expect(firstSection.count == 5)
    }

    @Test func articlesGetDistinctKeysAndAlternatesAvoidThem() {
        let space = BodyKeySpace(choiceSpaces: [[4, 4], [8], [2, 2, 2]], quantity: 100, seed: 42)
        #expect(space.size == 8 * 8 * 6)
        #expect(space.spareKeys == 284)
        let primaries = (0..<UInt64(100)).map { space.key(article: $0) }
        #expect(Set(primaries).count == 100)
        var alternates = Set<UInt64>()
        for index in 0..<UInt64(100) {
            for alternate in 1...2 as ClosedRange<UInt64> {
                let key = space.key(article: index, alternate: alternate)
                #expect(key < space.size)
                #expect(!primaries.contains(key), "alternate \(alternate) of \(index) is another article's key")
                alternates.insert(key)
                #expect(key == space.key(article: index, alternate: alternate))
            }
        }
        // (k − 1)·N + i < spare for k ≤ 2: no two alternates share a key either.
        #expect(alternates.count == 200)
    }

    @Test func aFullSpaceHasNoAlternateButThePlannedKey() {
        let space = BodyKeySpace(choiceSpaces: [[3], [2]], quantity: 6, seed: 1)
        #expect(space.spareKeys == 0)
        for index in 0..<UInt64(6) {
            #expect(space.key(article: index, alternate: 3) == space.key(article: index))
        }
    }

    @Test func aSaturatedSpaceStillVariesEverySection() {
        // 18 sections of 2 × 256: 512^18 = 2^162 keys, far past 2^62.
        let space = BodyKeySpace(choiceSpaces: Array(repeating: [256, 256], count: 18), quantity: 2_000, seed: 9)
        #expect(space.isSaturated)
        #expect(space.size == BodyKeySpace.limit)
        var picks: [BodyKeySpace.Pick] = []
        var perSection = Array(repeating: Set<BodyKeySpace.Pick>(), count: 18)
        var fragmentOne = Array(repeating: 0, count: 18)
        for index in 0..<UInt64(2_000) {
            space.picks(of: space.key(article: index), into: &picks)
            for (position, pick) in picks.enumerated() {
                perSection[position].insert(pick)
                if pick.choice == 1 { fragmentOne[position] += 1 }
            }
        }
        // 2,000 draws from 512 values: a uniform spread reaches nearly all of them in every section,
        // including the slowest digits the key alone never reaches.
        for (position, values) in perSection.enumerated() {
            #expect(values.count > 450, "section \(position) takes \(values.count) of 512 values")
            #expect((850...1_150).contains(fragmentOne[position]), "section \(position) picks fragment 2 \(fragmentOne[position]) times")
        }
    }

    @Test func theSpreadBalancesFragmentsWhileTheSpaceIsAmple() {
        let space = BodyKeySpace(choiceSpaces: [[1_000_000, 10, 1_000], [1, 1_000]], quantity: 100, seed: 3)
        #expect(space.capacity == 1_001_010 * 1_001)
        // Caps start at each section's smallest fragment (10 and 1) and double in the section with the
        // fewest picks until 16 keys per article: 33 × 50 = 1650 ≥ 1600.
        #expect(space.choiceSpaces == [[20, 10, 20], [1, 32]])
        #expect(space.size == 1_650)
        var picks: [BodyKeySpace.Pick] = []
        var used = [0, 0, 0]
        for index in 0..<UInt64(100) {
            space.picks(of: space.key(article: index), into: &picks)
            used[picks[0].choice] += 1
        }
        #expect(used.allSatisfy { $0 >= 8 }, "fragments picked \(used) times")
    }

    @Test func anExactFitUsesTheWholeCapacity() {
        let space = BodyKeySpace(choiceSpaces: [[1_000, 1], [7]], quantity: 7_007, seed: 3)
        #expect(space.size == space.capacity)
        #expect(space.choiceSpaces == space.wholeChoiceSpaces)
    }
}
