import Testing
@testable import ContentFactory

@Suite struct GenerationPlanTests {
    @Test func geoVariesFastestThenAvatarVariantTitleAndRepetition() {
        let plan = GenerationPlan(geoCount: 3, avatarCount: 2, variantCount: 1, titleTemplateCount: 2)
        #expect(plan.combinations == 12)
        let first = plan.coordinates(of: 0)
        #expect(first == .init(geo: 0, avatar: 0, variant: 0, titleTemplate: 0, repetition: 0, combination: 0))
        #expect(plan.coordinates(of: 1).geo == 1)
        #expect(plan.coordinates(of: 3).avatar == 1)
        #expect(plan.coordinates(of: 3).geo == 0)
        #expect(plan.coordinates(of: 6).titleTemplate == 1)
        let wrapped = plan.coordinates(of: 13)
        #expect(wrapped.repetition == 1)
        #expect(wrapped.geo == 1)
        #expect(wrapped.combination == 1)
    }

    @Test func everyCombinationAppearsOnceBeforeAnyRepeats() {
        let plan = GenerationPlan(geoCount: 300, avatarCount: 1, variantCount: 1, titleTemplateCount: 1)
        let geos = Set((0..<300).map { plan.coordinates(of: $0).geo })
        #expect(geos.count == 300)
        #expect(plan.repetitions(forQuantity: 500) == 2)
    }

    @Test func combinationIndexIsABijectionOverOnePass() {
        let plan = GenerationPlan(geoCount: 5, avatarCount: 3, variantCount: 2, titleTemplateCount: 4)
        let indices = (0..<120).map { plan.coordinates(of: $0).combination }
        #expect(indices == Array(0..<120))
    }
}
