/// One line of `spintax-bench` output: a name, a value and the target it is compared with.
public struct Figure: Sendable {
    /// Which way the target points.
    public enum Target: Sendable {
        case atLeast(Double)
        case atMost(Double)
        case none
    }

    /// The figure's name, e.g. `article renders/s`.
    public var name: String
    /// The measured value.
    public var value: Double
    /// Digits after the decimal point when printed.
    public var decimals: Int
    /// The target, if the issue sets one.
    public var target: Target

    /// Makes a figure.
    public init(_ name: String, _ value: Double, decimals: Int = 0, target: Target = .none) {
        self.name = name
        self.value = value
        self.decimals = decimals
        self.target = target
    }

    /// Whether the value meets the target (`true` when there is none).
    public var meetsTarget: Bool {
        switch target {
        case .atLeast(let bound): value >= bound
        case .atMost(let bound): value <= bound
        case .none: true
        }
    }

    /// `name  value  (target >= x) ok|MISS`, padded so a column of figures lines up.
    public var line: String {
        let name = self.name.padding(toLength: 24, withPad: " ", startingAt: 0)
        let value = Figure.format(self.value, decimals: decimals)
        let padded = String(repeating: " ", count: max(0, 14 - value.count)) + value
        switch target {
        case .atLeast(let bound):
            return "\(name)\(padded)   (target >= \(Figure.format(bound, decimals: 0)))  \(meetsTarget ? "ok" : "MISS")"
        case .atMost(let bound):
            return "\(name)\(padded)   (target <= \(Figure.format(bound, decimals: bound == bound.rounded() ? 0 : decimals)))  \(meetsTarget ? "ok" : "MISS")"
        case .none:
            return "\(name)\(padded)"
        }
    }

    /// Fixed-point formatting without Foundation's locale-dependent formatters.
    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = UInt64(scaled / scale)
        let fraction = UInt64(scaled - Double(whole) * scale)
        var text = (value < 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }
}
