import Testing
@testable import ContentFactory

@Suite struct TitleSlotsTests {
    @Test func templatesThatRunOutGiveTheirTurnsToTheOthers() {
        let slots = TitleSlots(spaces: [4, 2, 3])
        #expect(slots.capacity == 9)
        let order = (0..<UInt64(9)).map { slots.slot($0) }
        #expect(order.map(\.template) == [0, 1, 2, 0, 1, 2, 0, 2, 0])
        #expect(order.map(\.repetition) == [0, 0, 0, 1, 1, 1, 2, 2, 3])
        // Every (template, repetition) once, each repetition within its template's variants.
        #expect(Set(order.map { "\($0.template)/\($0.repetition)" }).count == 9)
    }

    @Test func whileNoTemplateRunsOutTheOrderIsCartesian() {
        let slots = TitleSlots(spaces: [16, 24, 24, 36])
        for j in 0..<UInt64(64) {
            let slot = slots.slot(j)
            #expect(slot.template == Int(j % 4) && slot.repetition == j / 4)
        }
    }

    @Test func hugeSpacesSaturate() {
        let slots = TitleSlots(spaces: [UInt64.max, UInt64.max - 1, 5])
        #expect(slots.capacity == UInt64.max)
        // 15 slots in rounds 0–4 for all three, then templates 0 and 1 alternate from round 5.
        let slot = slots.slot(1_000_000)
        #expect(slot.template == 1 && slot.repetition == 5 + 999_985 / 2)
    }
}
