
/// Saturating arithmetic: `UInt64.max` stands for "at least 2^64 - 1".
@inline(__always) func saturatingMultiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? UInt64.max : value
}

@inline(__always) func saturatingAdd(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (value, overflow) = a.addingReportingOverflow(b)
    return overflow ? UInt64.max : value
}

/// log10(10^a + 10^b) without overflow.
func log10Sum(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    let high = max(a, b)
    let low = min(a, b)
    return high + log10Approx(1 + pow10Approx(low - high))
}

// Foundation-free log10/pow10, accurate enough for the "about 10^N" estimate.
func log10Approx(_ x: Double) -> Double {
    guard x > 0 else { return -.infinity }
    guard x.isFinite else { return x }
    let exponent = Double(x.exponent)  // x = m * 2^e, 1 <= m < 2
    let m = x.significand
    // ln(m) by the atanh series: ln(m) = 2 * atanh((m - 1) / (m + 1)).
    let y = (m - 1) / (m + 1)
    let y2 = y * y
    var term = y
    var sum = 0.0
    var k = 1.0
    for _ in 0..<12 {
        sum += term / k
        term *= y2
        k += 2
    }
    let ln = 2 * sum + exponent * 0.693_147_180_559_945_3
    return ln / 2.302_585_092_994_046
}

func pow10Approx(_ x: Double) -> Double {
    // 10^x = 2^(x * log2(10)); split into integer and fraction parts.
    let t = x * 3.321_928_094_887_362
    let whole = t.rounded(.down)
    let fraction = (t - whole) * 0.693_147_180_559_945_3  // ln(2^frac)
    var term = 1.0
    var sum = 1.0
    for k in 1..<20 {
        term *= fraction / Double(k)
        sum += term
    }
    return Double(sign: .plus, exponent: Int(whole), significand: sum)
}

extension CountTable {
    /// Computes counts bottom-up in closing order (children before parents): linear, no recursion.
    /// - Parameters:
    ///   - listSize: per slot, the number of values of a list variable (nil: every variable counts 1).
    ///   - present: per slot, whether a conditional's test holds (nil: a conditional counts its larger
    ///     branch).
    ///
    /// log10 estimates are computed (in a second pass) only when the total saturates: otherwise the
    /// exact total says everything and the series evaluations would dominate parse time.
    static func compute(
        nodes: FrozenBuffer<Node>, groups: FrozenBuffer<GroupInfo>, alternatives: FrozenBuffer<AltInfo>,
        permutations: FrozenBuffer<PermutationInfo>, listSize: [UInt64]?, present: [Bool]?
    ) -> CountTable {
        // A top-level group counts at least its number of alternatives, so when those alone multiply
        // past 2^64 the exact pass would only find out that it saturates: skip it.
        var lowerBoundBits = 0
        for g in 0..<groups.count where groups[g].depth == 1 {
            let info = groups[g]
            if (info.kind == .group || info.kind == .weightedGroup) && info.altCount > 1 {
                lowerBoundBits += UInt32.bitWidth - 1 - info.altCount.leadingZeroBitCount
            }
        }
        if lowerBoundBits < 64 {
            let exact = compute(
                nodes: nodes, groups: groups, alternatives: alternatives, permutations: permutations,
                listSize: listSize, present: present, withLogs: false)
            guard exact.total == UInt64.max else { return exact }
        }
        return compute(
            nodes: nodes, groups: groups, alternatives: alternatives, permutations: permutations,
            listSize: listSize, present: present, withLogs: true)
    }

    static func compute(
        nodes: FrozenBuffer<Node>, groups: FrozenBuffer<GroupInfo>, alternatives: FrozenBuffer<AltInfo>,
        permutations: FrozenBuffer<PermutationInfo>, listSize: [UInt64]?, present: [Bool]?, withLogs: Bool
    ) -> CountTable {
        var groupCount = [UInt64](repeating: 1, count: groups.count)
        var groupLog = [Double](repeating: 0, count: groups.count)
        var altCumulative = [UInt64](repeating: 0, count: alternatives.count)
        var nodeSuffix = [UInt64](repeating: 1, count: nodes.count)
        var items: [Int] = []
        var altCounts: [(UInt64, Double)] = []

        func sequence(from start: Int, to end: Int) -> (UInt64, Double) {
            items.removeAll(keepingCapacity: true)
            var pc = start
            while pc < end {
                let node = nodes[pc]
                switch node.kind {
                case .variable:
                    items.append(pc)
                    pc += 1
                case .group, .weightedGroup, .permutation, .conditional, .conditionalNot, .keyGroup:
                    items.append(pc)
                    pc = Int(groups[Int(node.a)].next)
                default:
                    pc += 1
                }
            }
            var product: UInt64 = 1
            var log = 0.0
            for index in items.reversed() {
                nodeSuffix[index] = product
                let node = nodes[index]
                if node.kind == .variable {
                    let size = listSize?[Int(node.a)] ?? 1
                    product = saturatingMultiply(product, size)
                    if withLogs && size > 1 { log += log10Approx(Double(size)) }
                } else {
                    product = saturatingMultiply(product, groupCount[Int(node.a)])
                    log += groupLog[Int(node.a)]
                }
            }
            return (product, log)
        }

        for g in 0..<groups.count {
            let info = groups[g]
            let base = Int(info.altBase)
            altCounts.removeAll(keepingCapacity: true)
            for a in 0..<Int(info.altCount) {
                let alt = alternatives[base + a]
                altCounts.append(sequence(from: Int(alt.start), to: Int(alt.end)))
            }
            var running: UInt64 = 0
            for (a, count) in altCounts.enumerated() {
                running = saturatingAdd(running, count.0)
                altCumulative[base + a] = running
            }
            switch info.kind {
            case .conditional, .conditionalNot:
                let then = altCounts.first ?? (1, 0)
                let otherwise = altCounts.count > 1 ? altCounts[1] : (1, 0)
                if let present {
                    let taken = present[Int(info.extra)] != (info.kind == .conditionalNot)
                    (groupCount[g], groupLog[g]) = taken ? then : otherwise
                } else {
                    groupCount[g] = max(then.0, otherwise.0)
                    groupLog[g] = max(then.1, otherwise.1)
                }
            case .permutation:
                let info = permutations[Int(info.extra)]
                (groupCount[g], groupLog[g]) = permutationCount(
                    altCounts, min: Int(info.minCount), max: Int(info.maxCount))
            default:
                groupCount[g] = running
                if withLogs {
                    // Only a saturated sum needs the log-domain sum; an exact one needs one log.
                    groupLog[g] =
                        running == UInt64.max
                        ? altCounts.reduce(-Double.infinity) { log10Sum($0, $1.1) } : log10Approx(Double(running))
                }
            }
        }
        // The top-level sequence runs up to the final `.end` node.
        let end = nodes.count - 1
        var (total, log) = sequence(from: 0, to: end)
        if !withLogs { log = log10Approx(Double(total)) }
        return CountTable(
            groupCount: FrozenBuffer(groupCount), altCumulative: FrozenBuffer(altCumulative),
            nodeSuffix: FrozenBuffer(nodeSuffix), total: total, log10Total: log, groupLog10: groupLog)
    }

    /// Σ_{k=min...max} k!·e_k(c_1..c_N), saturating, with its log10.
    static func permutationCount(_ counts: [(UInt64, Double)], min low: Int, max high: Int) -> (UInt64, Double) {
        let e = elementarySymmetric(counts.map(\.0), upTo: high)
        let eLog = elementarySymmetricLog(counts.map(\.1), upTo: high)
        var total: UInt64 = 0
        var totalLog = -Double.infinity
        var factorial: UInt64 = 1
        var factorialLog = 0.0
        for k in 0...high {
            if k > 0 {
                factorial = saturatingMultiply(factorial, UInt64(k))
                factorialLog += log10Approx(Double(k))
            }
            if k >= low {
                total = saturatingAdd(total, saturatingMultiply(factorial, e[k]))
                totalLog = log10Sum(totalLog, factorialLog + eLog[k])
            }
        }
        return (total, totalLog)
    }

    /// e_0 ... e_upTo of `values`, saturating.
    static func elementarySymmetric(_ values: [UInt64], upTo: Int) -> [UInt64] {
        var e = [UInt64](repeating: 0, count: upTo + 1)
        e[0] = 1
        for v in values {
            var k = upTo
            while k >= 1 {
                e[k] = saturatingAdd(e[k], saturatingMultiply(v, e[k - 1]))
                k -= 1
            }
        }
        return e
    }

    static func elementarySymmetricLog(_ logs: [Double], upTo: Int) -> [Double] {
        var e = [Double](repeating: -.infinity, count: upTo + 1)
        e[0] = 0
        for v in logs {
            var k = upTo
            while k >= 1 {
                e[k] = log10Sum(e[k], v + e[k - 1])
                k -= 1
            }
        }
        return e
    }
}
