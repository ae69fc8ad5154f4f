import Foundation
import MIClassical
import MIDistributions
import MINumerics
import Testing

/// Reference entropy estimators written directly from their papers' formulas.
enum DiscreteReference {
  static func counts(_ symbols: [String]) -> [Int] {
    Dictionary(grouping: symbols, by: { $0 }).values.map(\.count)
  }

  static func plugIn(_ c: [Int]) -> Double {
    let n = Double(c.reduce(0, +))
    return -c.map { Double($0) / n }.map { $0 * log($0) }.reduce(0, +)
  }

  static func millerMadow(_ c: [Int]) -> Double {
    plugIn(c) + Double(c.count - 1) / (2 * Double(c.reduce(0, +)))
  }

  static func chaoShen(_ c: [Int]) -> Double {
    let n = Double(c.reduce(0, +))
    var f1 = Double(c.filter { $0 == 1 }.count)
    if f1 == n { f1 = n - 1 }
    let coverage = 1 - f1 / n
    return c.map { Double($0) }.reduce(0) { h, count in
      let p = coverage * count / n
      return h - p * log(p) / (1 - pow(1 - p, n))
    }
  }

  /// James–Stein on an explicit table of `cells` cells (zeros included).
  static func jamesStein(_ table: [Int]) -> Double {
    let n = Double(table.reduce(0, +))
    let k = Double(table.count)
    let theta = table.map { Double($0) / n }
    let lambda = min(1, max(0, (1 - theta.map { $0 * $0 }.reduce(0, +)) / ((n - 1) * theta.map { (1 / k - $0) * (1 / k - $0) }.reduce(0, +))))
    return -theta.map { lambda / k + (1 - lambda) * $0 }.filter { $0 > 0 }.map { $0 * log($0) }.reduce(0, +)
  }
}

@Suite("Discrete estimators")
struct DiscreteEstimatorTests {
  let x: [Double] = [0, 0, 1, 1, 2, 2, 2, 0, 1, 3, 0, 2]
  let y: [Double] = [1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1]

  @Test func entropiesMatchReferenceFormulas() throws {
    let c = DiscreteReference.counts(x.map { "\($0)" })
    let matrix = Matrix(column: x)
    #expect(abs(try DiscreteEstimator(method: .plugIn).entropy(matrix).value - DiscreteReference.plugIn(c)) < 1e-12)
    #expect(abs(try DiscreteEstimator(method: .millerMadow).entropy(matrix).value - DiscreteReference.millerMadow(c)) < 1e-12)
    #expect(abs(try DiscreteEstimator(method: .chaoShen).entropy(matrix).value - DiscreteReference.chaoShen(c)) < 1e-12)
    #expect(abs(try DiscreteEstimator(method: .jamesStein).entropy(matrix).value - DiscreteReference.jamesStein(c)) < 1e-12)
  }

  @Test func mutualInformationMatchesReference() throws {
    let xs = x.map { "\($0)" }
    let ys = y.map { "\($0)" }
    let joint = zip(xs, ys).map { "\($0)|\($1)" }
    for (method, h) in [
      (DiscreteEntropyMethod.plugIn, DiscreteReference.plugIn),
      (.millerMadow, DiscreteReference.millerMadow),
      (.chaoShen, DiscreteReference.chaoShen),
    ] {
      let expected =
        h(DiscreteReference.counts(xs)) + h(DiscreteReference.counts(ys)) - h(DiscreteReference.counts(joint))
      let value = try DiscreteEstimator(method: method).estimate(Matrix(column: x), Matrix(column: y)).value
      #expect(abs(value - expected) < 1e-12, "\(method)")
    }
  }

  @Test func jamesSteinMutualInformationIsThatOfTheShrunkJointTable() throws {
    // Build the full 4×2 table (zeros included), shrink it, and compute MI from it directly.
    var table = [Int](repeating: 0, count: 8)
    for (a, b) in zip(x, y) { table[Int(a) * 2 + Int(b)] += 1 }
    let n = Double(x.count)
    let theta = table.map { Double($0) / n }
    let lambda = min(1, max(0, (1 - theta.map { $0 * $0 }.reduce(0, +)) / ((n - 1) * theta.map { (1.0 / 8 - $0) * (1.0 / 8 - $0) }.reduce(0, +))))
    let shrunk = theta.map { lambda / 8 + (1 - lambda) * $0 }
    var mi = 0.0
    for a in 0..<4 {
      for b in 0..<2 {
        let pxy = shrunk[a * 2 + b]
        let px = shrunk[a * 2] + shrunk[a * 2 + 1]
        let py = (0..<4).map { shrunk[$0 * 2 + b] }.reduce(0, +)
        mi += pxy * log(pxy / (px * py))
      }
    }
    let value = try DiscreteEstimator(method: .jamesStein).estimate(Matrix(column: x), Matrix(column: y)).value
    #expect(abs(value - mi) < 1e-12, "\(value) vs \(mi)")
  }

  @Test(arguments: DiscreteEntropyMethod.allCases)
  func binarySymmetricChannelMatchesTruth(method: DiscreteEntropyMethod) throws {
    let sampler = BinarySymmetricChannel(flip: 0.15, input: 0.4)
    let (x, y) = sampler.sample(count: 5000, seed: 3)
    let value = try DiscreteEstimator(method: method).estimate(x, y).value
    // Deviation at N = 5000 ≈ 0.006 nats.
    #expect(abs(value - sampler.mutualInformation) < 0.025, "\(value) vs \(sampler.mutualInformation)")
  }

  @Test func tableDistributionMatchesTruthAndCorrectionsReduceBias() throws {
    let sampler = DiscreteJointDistribution(probabilities: [
      [0.10, 0.02, 0.03, 0.00, 0.05],
      [0.02, 0.15, 0.03, 0.05, 0.00],
      [0.03, 0.02, 0.20, 0.05, 0.05],
      [0.00, 0.05, 0.05, 0.05, 0.05],
    ])
    // Averaged over 40 small samples (N = 100), plug-in is biased upward by about
    // (Kx − 1)(Ky − 1)/(2N) ≈ 0.06 nats; Miller–Madow and Chao–Shen remove much of it.
    var bias: [DiscreteEntropyMethod: Double] = [:]
    for seed in 0..<40 as Range<UInt64> {
      let (x, y) = sampler.sample(count: 100, seed: seed)
      for method in DiscreteEntropyMethod.allCases {
        bias[method, default: 0] += (try DiscreteEstimator(method: method).estimate(x, y).value - sampler.mutualInformation) / 40
      }
    }
    #expect(bias[.plugIn]! > 0.03)
    #expect(abs(bias[.millerMadow]!) < bias[.plugIn]!)
    #expect(abs(bias[.chaoShen]!) < bias[.plugIn]!)
    let (x, y) = sampler.sample(count: 20000, seed: 99)
    let large = try DiscreteEstimator().estimate(x, y).value
    #expect(abs(large - sampler.mutualInformation) < 0.01)
  }

  @Test func conditionalMutualInformation() throws {
    // X and Y are copies of Z with independent flips: I(X;Y|Z) = 0, I(X;Y) > 0.
    var generator = SeededGenerator(seed: 5)
    var x: [Double] = []
    var y: [Double] = []
    var z: [Double] = []
    for _ in 0..<4000 {
      let bit = Double(generator.integer(below: 2))
      z.append(bit)
      x.append(generator.uniform() < 0.1 ? 1 - bit : bit)
      y.append(generator.uniform() < 0.1 ? 1 - bit : bit)
    }
    let estimator = DiscreteEstimator(method: .millerMadow)
    let cmi = try estimator.estimate(Matrix(column: x), Matrix(column: y), given: Matrix(column: z)).value
    let mi = try estimator.estimate(Matrix(column: x), Matrix(column: y)).value
    #expect(abs(cmi) < 0.01)
    #expect(mi > 0.2)
  }

  @Test func totalCorrelationOfCopiesIsTwiceTheEntropy() throws {
    let values: [Double] = [0, 1, 2, 3, 0, 1, 2, 3]
    let m = Matrix(column: values)
    let value = try DiscreteEstimator().totalCorrelation([m, m, m]).value
    // TC = 3H − H = 2H, H = log 4.
    #expect(abs(value - 2 * log(4)) < 1e-12)
  }

  @Test func multiColumnVariablesAreJointSymbols() throws {
    // X = (a, b) determines Y = a xor b: I = H(Y) = log 2 for uniform bits.
    let a: [Double] = [0, 0, 1, 1]
    let b: [Double] = [0, 1, 0, 1]
    let y: [Double] = [0, 1, 1, 0]
    let value = try DiscreteEstimator().estimate(Matrix(columns: [a, b]), Matrix(column: y)).value
    #expect(abs(value - log(2)) < 1e-12)
  }

  @Test func warnsWhenDataLooksContinuous() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.5).sample(count: 100, seed: 1)
    let estimate = try DiscreteEstimator().estimate(x, y)
    #expect(estimate.warnings.contains(.continuousLookingVariable(.x, distinctValues: 100, samples: 100)))
    // Plug-in MI of all-distinct samples is log N, whatever the dependence.
    #expect(abs(estimate.value - log(100)) < 1e-12)
    let (bx, by) = BinarySymmetricChannel(flip: 0.1).sample(count: 100, seed: 1)
    #expect(try DiscreteEstimator().estimate(bx, by).warnings.isEmpty)
  }
}
