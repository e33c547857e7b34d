/// The number of derivation paths of a template (Docs/Templates.md#counting).
public enum VariantCount: Sendable, Hashable, CustomStringConvertible {
    /// The exact count.
    case exact(UInt64)
    /// The count overflowed `UInt64`: at least `value`, about `10^log10`.
    case atLeast(UInt64, log10: Double)

    /// The exact value, or `nil` on overflow.
    public var exactValue: UInt64? {
        if case .exact(let v) = self { return v }
        return nil
    }

    /// `1234` or `>= 18446744073709551615 (about 10^150)`.
    public var description: String {
        switch self {
        case .exact(let v): return String(v)
        case .atLeast(let v, let log10):
            // The estimate sums many logarithms; a hair of tolerance keeps 10^30 from printing as 10^29.
            return ">= \(v) (about 10^\(log10.isFinite ? String(Int((log10 + 1e-6).rounded(.down))) : "inf"))"
        }
    }
}
