import Foundation
import MINumerics
import Testing

@Suite struct ColumnScalingTests {
  @Test func momentsAreExactAtEveryScale() {
    let base = Matrix(column: [1, 2, 4, 7, -3])
    let reference = ColumnScaling(base)
    for exponent in [-320, -300, -100, 0, 100, 300, 307] {
      let factor = pow(10.0, Double(exponent))
      let scaled = Matrix(column: base.storage.map { $0 * factor })
      let scaling = ColumnScaling(scaled)
      // log σ moves by log of the factor; standardized values do not move.
      let expected = reference.logDeviation(0) + Double(exponent) * log(10)
      #expect(abs(scaling.logDeviation(0) - expected) < (exponent < -307 ? 1e-3 : 1e-9 * max(1, abs(expected))), "1e\(exponent)")
      let standardized = scaling.standardizing(scaled).storage
      for (a, b) in zip(standardized, reference.standardizing(base).storage) {
        // Subnormal inputs (1e-320) keep only a few digits, so they standardize less exactly.
        #expect(abs(a - b) < (exponent < -307 ? 1e-3 : 1e-12), "1e\(exponent): \(a) vs \(b)")
      }
    }
  }

  @Test func matchesTheNaiveMomentsOnOrdinaryData() {
    let m = Matrix([[1, 10], [2, 30], [4, 20], [8, 60]])
    let scaling = ColumnScaling(m)
    #expect(abs(scaling.mean(0) - 3.75) < 1e-12 && abs(scaling.mean(1) - 30) < 1e-12)
    let variance = [(1 - 3.75) * (1 - 3.75), (2 - 3.75) * (2 - 3.75), (4 - 3.75) * (4 - 3.75), (8 - 3.75) * (8 - 3.75)].reduce(0, +) / 3
    #expect(abs(scaling.deviation(0) - variance.squareRoot()) < 1e-12)
    #expect(!scaling.isConstant(0))
    #expect(ColumnScaling(Matrix(column: [5, 5, 5])).isConstant(0))
  }

  @Test func overflowingDeviationKeepsAFiniteLog() {
    let m = Matrix(column: [-1.7e308, 1.7e308, -1.7e308, 1.7e308])
    let scaling = ColumnScaling(m)
    #expect(scaling.deviation(0) == .infinity)
    // σ = 1.7e308 · √(4/3).
    #expect(abs(scaling.logDeviation(0) - (log(1.7e308) + 0.5 * log(4.0 / 3))) < 1e-9)
  }
}
