import Foundation
import MINumerics
import Testing

@testable import MIDistributions

/// The tasks beyond bmi's: tied data, conditional MI and total correlation, each truth
/// against an independent computation.
@Suite struct GroundTruthTaskTests {
  static func binaryEntropy(_ p: Double) -> Double { p <= 0 || p >= 1 ? 0 : -p * log(p) - (1 - p) * log(1 - p) }

  /// Binomial sums: I = H(Y) − H(noise), with Y's law by convolution in a loop.
  @Test func binomialSumTruth() {
    func binomial(_ n: Int) -> [Double] {
      var p = [1.0]
      for _ in 0..<n { p = (0...p.count).map { k in 0.5 * (k < p.count ? p[k] : 0) + 0.5 * (k > 0 ? p[k - 1] : 0) } }
      return p
    }
    func entropy(_ p: [Double]) -> Double { p.reduce(0) { $1 > 0 ? $0 - $1 * log($1) : $0 } }
    for (m, n) in [(10, 10), (40, 20), (3, 0)] {
      let (bx, bn) = (binomial(m), binomial(n))
      var y = [Double](repeating: 0, count: m + n + 1)
      for i in bx.indices { for j in bn.indices { y[i + j] += bx[i] * bn[j] } }
      let expected = entropy(y) - entropy(bn)
      #expect(abs(DiscreteJointDistribution.binomialSum(trials: m, addedTrials: n).mutualInformation - expected) < 1e-12, "\(m), \(n)")
    }
    #expect(abs(BenchmarkSuite.tiedBinomial(trials: 10, addedTrials: 10).truth - 0.347470) < 1e-6)
  }

  /// The rounded normal's table: sums to 1, its margins are Φ(b) − Φ(a), a central cell agrees
  /// with a 2-D midpoint sum of the density, and the MI rises to the unrounded value as the
  /// grid refines.
  @Test func roundedNormalTable() {
    let rho = 0.75
    let table = DiscreteJointDistribution.roundedBivariateNormal(correlation: rho, step: 1).probabilities
    #expect(abs(table.joined().reduce(0, +) - 1) < 1e-12)
    let half = table.count / 2
    for i in table.indices {
      let (a, b) = (Double(i - half) - 0.5, Double(i - half) + 0.5)
      let margin = (i == 0 ? 1 : 1 - StandardNormal.cdf(a)) - (i == table.count - 1 ? 0 : 1 - StandardNormal.cdf(b))
      #expect(abs(table[i].reduce(0, +) - margin) < 1e-12, "row \(i)")
    }
    func midpoint(_ i: Int, _ j: Int, steps: Int = 1000) -> Double {
      let s2 = 1 - rho * rho
      var total = 0.0
      for u in 0..<steps {
        let x = Double(i - half) - 0.5 + (Double(u) + 0.5) / Double(steps)
        for v in 0..<steps {
          let y = Double(j - half) - 0.5 + (Double(v) + 0.5) / Double(steps)
          total += exp(-(x * x - 2 * rho * x * y + y * y) / (2 * s2))
        }
      }
      return total / Double(steps * steps) / (2 * Double.pi * s2.squareRoot())
    }
    for (i, j) in [(half, half), (half + 1, half), (half - 2, half + 1)] {
      // The midpoint sum itself is off by about h²/24 times the curvature: 1e-5 relative.
      #expect(abs(table[i][j] - midpoint(i, j)) < 1e-5 * table[i][j], "cell \(i), \(j)")
    }
    let continuous = -0.5 * log(1 - rho * rho)
    let coarse = DiscreteJointDistribution.roundedBivariateNormal(correlation: rho, step: 1).mutualInformation
    let fine = DiscreteJointDistribution.roundedBivariateNormal(correlation: rho, step: 0.1).mutualInformation
    #expect(coarse < fine && fine < continuous && continuous - fine < 0.01, "\(coarse) \(fine) \(continuous)")
  }

  /// Conditional tasks: the chain without an edge is 0 though X and Y are dependent; the
  /// collider's partial correlation; dense Gaussians by the log-determinant formula in
  /// closed form; noisy parity by a loop over its 8 outcomes.
  @Test func conditionalTruths() throws {
    let tasks = Dictionary(uniqueKeysWithValues: BenchmarkSuite.conditional.map { ($0.id, $0) })
    let chain = try #require(tasks["cmi-gaussian-chain-a1.0-b1.0-c0.0"])
    #expect(chain.truth < 1e-12 && GaussianChain(a: 1, b: 1, c: 0).mutualInformation > 0.1)
    let collider = ConditionalGaussian.collider(noise: 1)
    #expect(abs(collider.conditionalMutualInformation - (-0.5 * log(1 - 0.25))) < 1e-12 && abs(collider.mutualInformation) < 1e-12)
    // Equicorrelated blocks: det of an m-block with correlation ρ is (1 − ρ)^{m−1}(1 + (m − 1)ρ).
    func logDet(_ m: Int, _ rho: Double) -> Double { Double(m - 1) * log(1 - rho) + log(1 + Double(m - 1) * rho) }
    for m in [2, 5] {
      let expected = 0.5 * (2 * logDet(2 * m, 0.5) - logDet(3 * m, 0.5) - logDet(m, 0.5))
      let task = try #require(tasks["cmi-multinormal-dense-\(m)-\(m)-\(m)-0.5"])
      #expect(abs(task.truth - expected) < 1e-12, "\(m)")
      #expect(task.dimensions == [m, m, m])
    }
    // Noisy parity: p(x, y, z) = ¼ (1 − ε) when z = x ⊕ y, ¼ ε otherwise.
    let epsilon = 0.1
    var cmi = 0.0
    for x in 0..<2 {
      for y in 0..<2 {
        for z in 0..<2 {
          let p = 0.25 * ((x ^ y) == z ? 1 - epsilon : epsilon)
          // p(z) = ½, p(x, z) = p(y, z) = ¼.
          cmi += p * log(p * 0.5 / (0.25 * 0.25))
        }
      }
    }
    #expect(abs(try #require(tasks["cmi-noisy-parity-0.1"]).truth - cmi) < 1e-12)
    #expect(abs(cmi - (log(2) - Self.binaryEntropy(epsilon))) < 1e-12)
    let transformed = try #require(tasks["half_cube-cmi-multinormal-dense-2-2-2-0.5"])
    #expect(transformed.truth == tasks["cmi-multinormal-dense-2-2-2-0.5"]!.truth)
  }

  /// Total correlations: −½ log det R for equicorrelation in closed form; noisy parity's by
  /// its joint entropy.
  @Test func totalCorrelationTruths() throws {
    let tasks = Dictionary(uniqueKeysWithValues: BenchmarkSuite.totalCorrelation.map { ($0.id, $0) })
    for (m, rho) in [(3, 0.5), (5, 0.5), (10, 0.3)] {
      let expected = -0.5 * (Double(m - 1) * log(1 - rho) + log(1 + Double(m - 1) * rho))
      #expect(abs(try #require(tasks["tc-multinormal-dense-\(m)-\(rho)"]).truth - expected) < 1e-12)
    }
    let joint = -4 * (0.225 * log(0.225) + 0.025 * log(0.025))
    #expect(abs(try #require(tasks["tc-noisy-parity-0.1"]).truth - (3 * log(2) - joint)) < 1e-12)
  }

  /// Samples have the stated dimensions and finite values, are reproducible from the seed,
  /// and noisy parity's bits are pairwise independent but not jointly.
  @Test func samplesMatchTheTasks() throws {
    for task in BenchmarkSuite.all where !(task is BenchmarkTask) || task.id.hasPrefix("tied") {
      let variables = task.sampleVariables(count: 50, seed: 3)
      #expect(variables.map(\.columns) == task.dimensions && variables.allSatisfy { $0.rows == 50 }, "\(task.id)")
      #expect(variables.allSatisfy { $0.storage.allSatisfy(\.isFinite) }, "\(task.id)")
      #expect(task.sampleVariables(count: 50, seed: 3).map(\.storage) == variables.map(\.storage), "\(task.id)")
    }
    let bits = NoisyParity(flip: 0.1).sampleVariables(count: 20_000, seed: 1).map(\.storage)
    let agree01 = zip(bits[0], bits[1]).filter { $0 == $1 }.count
    let parity = (0..<20_000).filter { (bits[0][$0] != bits[1][$0]) == (bits[2][$0] == 1) }.count
    #expect(abs(Double(agree01) / 20_000 - 0.5) < 0.02 && abs(Double(parity) / 20_000 - 0.9) < 0.01)
  }

  /// Ids are unique across the suites, and the named suites are what they say.
  @Test func suitesAndIds() {
    let ids = BenchmarkSuite.all.map(\.id)
    #expect(Set(ids).count == ids.count && ids.count == 61)
    #expect(BenchmarkSuite.conditional.allSatisfy { $0.quantity == .conditionalMutualInformation })
    #expect(BenchmarkSuite.totalCorrelation.allSatisfy { $0.quantity == .totalCorrelation })
    #expect(BenchmarkSuite.named.map(\.name) == ["bmi", "extra", "cmi", "tc", "all"])
    #expect(BenchmarkSuite.task(id: "cmi-gaussian-collider-1.0")?.quantity == .conditionalMutualInformation)
    #expect(BenchmarkSuite.task(id: "no-such-task") == nil)
  }
}
