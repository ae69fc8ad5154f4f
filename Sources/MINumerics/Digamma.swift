import Foundation

/// The digamma function ψ(x) = d/dx log Γ(x), for x > 0.
///
/// Uses the recurrence ψ(x) = ψ(x + 1) − 1/x to move the argument to 10 or above, then
/// the asymptotic series
/// ψ(x) ≈ log x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 5/(660x¹⁰),
/// whose first omitted term is below 3e-14 there (Abramowitz & Stegun 6.3.18).
/// Integer arguments, the common case in k-nearest-neighbour estimators, use the
/// exact form ψ(n) = −γ + Σ_{j<n} 1/j for n ≤ 16.
///
/// - Returns: ψ(x); `-infinity` at 0 and `nan` for negative or NaN input.
public func digamma(_ x: Double) -> Double {
  if x.isNaN || x < 0 { return .nan }
  if x == 0 { return -.infinity }
  if x == x.rounded(), x <= 16 {
    var sum = -eulerMascheroni
    var j = 1.0
    while j < x {
      sum += 1 / j
      j += 1
    }
    return sum
  }
  var value = x
  var result = 0.0
  while value < 10 {
    result -= 1 / value
    value += 1
  }
  let inverse = 1 / value
  let inverse2 = inverse * inverse
  let series =
    inverse2
    * (1.0 / 12 - inverse2 * (1.0 / 120 - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240 - inverse2 * (5.0 / 660)))))
  return result + log(value) - 0.5 * inverse - series
}

/// The Euler–Mascheroni constant γ = −ψ(1).
public let eulerMascheroni = 0.577_215_664_901_532_860_6

/// A table of ψ(1), ψ(2), …, ψ(count) built by the recurrence ψ(n + 1) = ψ(n) + 1/n.
///
/// k-NN estimators evaluate ψ at integer neighbour counts up to N for every sample;
/// a table makes that one memory load.
///
/// - Complexity: O(count) to build, O(1) per look-up.
public struct DigammaTable: Sendable {
  @usableFromInline let values: [Double]

  /// Builds the table for arguments 1 through `count`.
  public init(count: Int) {
    var values = [Double](repeating: 0, count: max(count, 1) + 1)
    values[0] = -.infinity
    if count >= 1 { values[1] = -eulerMascheroni }
    if count >= 2 {
      for n in 1..<count { values[n + 1] = values[n] + 1 / Double(n) }
    }
    self.values = values
  }

  /// ψ(n) for 1 ≤ n ≤ count (and −∞ for n = 0).
  @inlinable
  public subscript(n: Int) -> Double { values[n] }
}

/// log Γ(x) for x > 0 (the C library's `lgamma`).
public func logGamma(_ x: Double) -> Double {
  lgamma(x)
}
