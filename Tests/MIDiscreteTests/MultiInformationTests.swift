import Foundation
import MIDiscrete
import Testing

/// The average multi-information of margins (MULTI) and its maximization, against the
/// exact measures and the known maximum (n − 1)·log k.
@Suite struct MultiInformationTests {
  static func variables(_ n: Int, outcomes k: Int) -> [DiscreteVariable] {
    (0..<n).map { DiscreteVariable("X\($0)", outcomes: (0..<k).map(String.init)) }
  }

  static func randomTable(_ count: Int, seed: UInt64) -> [Double] {
    var state = seed
    let raw = (0..<count).map { _ -> Double in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) + 0.01
    }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
  }

  @Test func valueMatchesTheExactMeasures() throws {
    let vars = Self.variables(4, outcomes: 2) + [DiscreteVariable("T", outcomes: ["a", "b", "c"])]
    let d = try JointDistribution(variables: vars, probabilities: Self.randomTable(48, seed: 3))
    let full = try MarginalMultiInformation.full(vars)
    #expect(abs(try full.value(of: d) - d.totalCorrelation()) < 1e-14)
    let pairwise = try MarginalMultiInformation.pairwise(vars)
    var sum = 0.0
    for i in 0..<5 { for j in (i + 1)..<5 { sum += try d.mutualInformation(between: [vars[i].name], and: [vars[j].name]) } }
    #expect(abs(try pairwise.value(of: d) - sum / 10) < 1e-14)
    let triples = try MarginalMultiInformation(variables: vars, margins: [["X0", "X1", "T"], ["X2", "X3"]])
    let expected = (try d.totalCorrelation(of: ["X0", "X1", "T"]) + d.mutualInformation(between: ["X2"], and: ["X3"])) / 2
    #expect(abs(try triples.value(of: d) - expected) < 1e-14)
  }

  /// The gradient against central differences along directions inside the simplex
  /// (moving mass from one cell to another), in Double.
  @Test func gradientMatchesFiniteDifferences() throws {
    let vars = Self.variables(3, outcomes: 3)
    let objective = try MarginalMultiInformation(variables: vars, margins: [["X0", "X1"], ["X0", "X1", "X2"], ["X1", "X2"]])
    let p = Self.randomTable(27, seed: 9)
    let check = try MultiInformationGradientCheck(objective)
    for (a, b) in [(0, 5), (13, 26), (7, 8), (20, 1)] {
      let (analytic, numeric) = check.directional(p, from: b, to: a, step: 1e-6)
      #expect(abs(analytic - numeric) < 1e-7 * max(1, abs(numeric)), "\(a)←\(b): \(analytic) vs \(numeric)")
    }
  }

  /// n bits: the multi-information is at most (n − 1) log 2, reached by half the mass on a
  /// configuration and half on its complement; n three-valued variables: (n − 1) log 3.
  @Test(arguments: [(3, 2), (4, 2), (3, 3)])
  func theFullMaximumIsFound(n: Int, k: Int) throws {
    let result = try MultiInformationMaximizer(seed: 1).maximize(.full(Self.variables(n, outcomes: k)))
    let maximum = Double(n - 1) * log(Double(k))
    #expect(abs(result.value - maximum) < 1e-6, "\(result.value) vs \(maximum); starts \(result.valuesOfStarts)")
    #expect(result.distribution.support.count == k, "\(result.distribution.support)")
    #expect(result.distribution.probabilities.allSatisfy { abs($0 - 1 / Double(k)) < 1e-6 })
    // Every variable takes every outcome once across the support.
    for v in 0..<n { #expect(Set(result.distribution.support.map { $0[v] }).count == k) }
  }

  /// For bits, maximizing the pairwise average (log 2 at most, every pair a copy or a
  /// complement) reaches the full maximum too.
  @Test func pairwiseMaximizersOfBitsAreFullMaximizers() throws {
    let vars = Self.variables(4, outcomes: 2)
    let result = try MultiInformationMaximizer(seed: 2).maximize(.pairwise(vars))
    #expect(abs(result.value - log(2.0)) < 1e-6, "\(result.value)")
    #expect(abs(result.multiInformation - 3 * log(2.0)) < 1e-6, "\(result.multiInformation)")
  }

  @Test func badMarginsAndSettingsAreRefused() {
    let vars = Self.variables(3, outcomes: 2)
    #expect(errorMessage { _ = try MarginalMultiInformation(variables: vars, margins: [["X0"]]) }.contains("needs at least two variables"))
    #expect(errorMessage { _ = try MarginalMultiInformation(variables: vars, margins: [["X0", "Q"]]) }.contains("no variable named 'Q'"))
    #expect(errorMessage { _ = try MarginalMultiInformation(variables: vars, margins: [["X0", "X0"]]) }.contains("appears twice"))
    #expect(errorMessage { _ = try MarginalMultiInformation(variables: vars, margins: []) }.contains("list of margins is empty"))
    #expect(errorMessage { _ = try MultiInformationMaximizer(stepSize: 0).maximize(.pairwise(vars)) }.contains("step size = 0.0"))
  }
}
