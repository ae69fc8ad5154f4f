import Foundation
import MIClassical
import MIDistributions
import MINumerics
import Testing

@Suite("KSG estimator")
struct KSGEstimatorTests {
  // At N = 2000 the standard deviation of KSG (k = 3) on a bivariate normal with
  // I ≈ 0.5 nats is about 0.015 nats and its bias below 0.01: 0.06 is four deviations.
  @Test(arguments: [KSGEstimator.Algorithm.first, .second], [0.0, 0.5, 0.9])
  func bivariateGaussianMatchesTruth(algorithm: KSGEstimator.Algorithm, rho: Double) throws {
    let sampler = CorrelatedGaussian.bivariate(correlation: rho)
    let (x, y) = sampler.sample(count: 2000, seed: 11)
    let estimate = try KSGEstimator(algorithm: algorithm).estimate(x, y)
    #expect(abs(estimate.value - sampler.mutualInformation) < 0.06, "\(estimate.value) vs \(sampler.mutualInformation)")
    #expect(estimate.kind == .pointEstimate)
    #expect(estimate.sampleCount == 2000)
    #expect(estimate.estimator == (algorithm == .first ? "ksg1" : "ksg2"))
  }

  // Multivariate: KSG's bias grows with dimension (negative for strong dependence); in
  // 3 + 3 dimensions with 2 interacting pairs, I = 1.02 nats, at N = 3000 the bias is
  // about −0.05, the deviation 0.02.
  @Test(arguments: [KSGEstimator.Algorithm.first, .second])
  func sparseMultivariateGaussianMatchesTruth(algorithm: KSGEstimator.Algorithm) throws {
    let sampler = CorrelatedGaussian.sparse(dimensionX: 3, dimensionY: 3, interacting: 2, correlation: 0.8)
    let (x, y) = sampler.sample(count: 3000, seed: 5)
    let estimate = try KSGEstimator(algorithm: algorithm).estimate(x, y)
    #expect(abs(estimate.value - sampler.mutualInformation) < 0.12, "\(estimate.value) vs \(sampler.mutualInformation)")
  }

  @Test func studentTDependenceIsFoundWhereCorrelationIsZero() throws {
    // Uncorrelated but dependent (true MI 0.111 nats for ν = 3 in 2 + 2 dimensions).
    // KSG underestimates heavy tails at this N (NPEET gives 0.04–0.07 on the same kind of
    // data; see Czyż et al. 2023), but it sees the dependence that the Gaussian estimator,
    // which only sees correlation, cannot.
    let sampler = StudentT(dimensionX: 2, dimensionY: 2, degreesOfFreedom: 3)
    let (x, y) = sampler.sample(count: 3000, seed: 8)
    let ksg = try KSGEstimator().estimate(x, y).value
    let gaussian = try GaussianEstimator().estimate(x, y).value
    #expect(ksg > 0.03 && ksg < sampler.mutualInformation + 0.03, "\(ksg) vs \(sampler.mutualInformation)")
    #expect(abs(gaussian) < 0.01)
  }

  @Test(arguments: [1, 2], [1, 3])
  func equalsBruteForceOnContinuousData(algorithm: Int, k: Int) throws {
    for seed in 0..<6 as Range<UInt64> {
      let rows = 40 + Int(seed) * 7
      let dx = 1 + Int(seed % 3)
      let dy = 1 + Int((seed / 2) % 2)
      let joint = continuousData(rows: rows, columns: dx + dy, seed: seed)
      let x = joint.selecting(columns: Array(0..<dx))
      let y = joint.selecting(columns: Array(dx..<(dx + dy)))
      let fast = try KSGEstimator(algorithm: algorithm == 1 ? .first : .second, k: k, preprocessing: .none).estimate(x, y)
      let slow = BruteForce.ksg(joint, groups: [Array(0..<dx), Array(dx..<(dx + dy))], k: k, algorithm: algorithm)
      #expect(abs(fast.value - slow) < 1e-12, "seed \(seed): \(fast.value) vs \(slow)")
    }
  }

  // Heavy ties: identical distances everywhere test the strict/inclusive conventions and
  // the (distance, index) order of neighbours. One differing count out of N moves the
  // estimate by more than 1e-6, so 1e-12 means identical counts.
  @Test(arguments: [1, 2])
  func equalsBruteForceWithTies(algorithm: Int) throws {
    for seed in 0..<8 as Range<UInt64> {
      let rows = 30 + Int(seed) * 5
      let dx = 1 + Int(seed % 2)
      let dy = 1 + Int((seed / 2) % 3)
      let joint = tiedData(rows: rows, columns: dx + dy, levels: 3 + Int(seed % 3), seed: seed)
      let x = joint.selecting(columns: Array(0..<dx))
      let y = joint.selecting(columns: Array(dx..<(dx + dy)))
      let fast = try KSGEstimator(algorithm: algorithm == 1 ? .first : .second, k: 3, preprocessing: .none).estimate(x, y)
      let slow = BruteForce.ksg(joint, groups: [Array(0..<dx), Array(dx..<(dx + dy))], k: 3, algorithm: algorithm)
      #expect(abs(fast.value - slow) < 1e-12, "seed \(seed): \(fast.value) vs \(slow)")
    }
  }

  @Test func largerInputsEqualBruteForce() throws {
    // Big enough for the parallel code paths and a deep tree.
    let joint = continuousData(rows: 600, columns: 4, seed: 99)
    let x = joint.selecting(columns: [0, 1])
    let y = joint.selecting(columns: [2, 3])
    for algorithm in [1, 2] {
      let fast = try KSGEstimator(algorithm: algorithm == 1 ? .first : .second, preprocessing: .none).estimate(x, y)
      let slow = BruteForce.ksg(joint, groups: [[0, 1], [2, 3]], k: 3, algorithm: algorithm)
      #expect(abs(fast.value - slow) < 1e-12)
    }
    // One-dimensional marginals use the sorted-array path.
    let x1 = joint.selecting(columns: [0])
    let y1 = joint.selecting(columns: [2])
    let fast = try KSGEstimator(preprocessing: .none).estimate(x1, y1)
    #expect(abs(fast.value - BruteForce.ksg(joint.selecting(columns: [0, 2]), groups: [[0], [1]], k: 3, algorithm: 1)) < 1e-12)
  }

  @Test func totalCorrelationMatchesTruthAndBruteForce() throws {
    var covariance = Matrix.identity(3)
    for (a, b, r) in [(0, 1, 0.6), (1, 2, 0.5), (0, 2, 0.3)] {
      covariance[a, b] = r
      covariance[b, a] = r
    }
    let normal = MultivariateNormal(covariance: covariance, groupSizes: [1, 1, 1])
    let groups = normal.sampleGroups(count: 3000, seed: 3)
    let estimate = try KSGEstimator().totalCorrelation(groups)
    #expect(estimate.quantity == .totalCorrelation)
    #expect(abs(estimate.value - normal.totalCorrelation) < 0.07, "\(estimate.value) vs \(normal.totalCorrelation)")

    let small = normal.sampleGroups(count: 60, seed: 4)
    let joint = Matrix.concatenatingColumns(small)
    for algorithm in [1, 2] {
      let fast = try KSGEstimator(algorithm: algorithm == 1 ? .first : .second, preprocessing: .none).totalCorrelation(small)
      let slow = BruteForce.ksg(joint, groups: [[0], [1], [2]], k: 3, algorithm: algorithm)
      #expect(abs(fast.value - slow) < 1e-12)
    }
  }

  @Test(arguments: InvertibleTransform.allCases.filter { $0 != .spiral })
  func invariantUnderMonotoneTransforms(transform: InvertibleTransform) throws {
    let sampler = CorrelatedGaussian.bivariate(correlation: 0.7)
    let (x, y) = sampler.sample(count: 2000, seed: 21)
    let plain = try KSGEstimator().estimate(x, y).value
    let transformed = try KSGEstimator().estimate(transform.apply(x), transform.apply(y)).value
    // Distances change but MI does not: the two estimates differ by sampling noise only.
    #expect(abs(plain - transformed) < 0.06, "\(plain) vs \(transformed)")
    #expect(abs(transformed - sampler.mutualInformation) < 0.08)
  }

  @Test func invariantUnderSpiral() throws {
    let sampler = CorrelatedGaussian.sparse(dimensionX: 2, dimensionY: 2, interacting: 2, correlation: 0.6)
    let (x, y) = sampler.sample(count: 3000, seed: 2)
    let plain = try KSGEstimator().estimate(x, y).value
    let spiral = try KSGEstimator().estimate(InvertibleTransform.spiral.apply(x), y).value
    #expect(abs(plain - spiral) < 0.1, "\(plain) vs \(spiral)")
  }

  @Test func reproducibleAndRecordsPreprocessing() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.5).sample(count: 500, seed: 1)
    let a = try KSGEstimator(preprocessing: .init(seed: 7)).estimate(x, y)
    let b = try KSGEstimator(preprocessing: .init(seed: 7)).estimate(x, y)
    #expect(a == b)
    #expect(a.preprocessing.contains(Parameter("seed", .integer(7))))
    #expect(a.preprocessing.contains(Parameter("standardize", .flag(true))))
    #expect(a.parameters.contains(Parameter("k", .integer(3))))
  }

  @Test func negativeEstimatesAreNotClipped() throws {
    // At independence about half of the estimates are below zero.
    var sawNegative = false
    for seed in 0..<10 as Range<UInt64> {
      let (x, y) = CorrelatedGaussian.bivariate(correlation: 0).sample(count: 200, seed: seed)
      if try KSGEstimator().estimate(x, y).value < 0 { sawNegative = true }
    }
    #expect(sawNegative)
  }

  @Test func warnsAboutDiscreteLookingColumns() throws {
    let (x, y) = DiscreteContinuousMixture(categories: 4).sample(count: 400, seed: 1)
    let estimate = try KSGEstimator().estimate(x, y)
    #expect(estimate.warnings.contains(.discreteLookingColumn(.x, column: 0, distinctValues: 4, samples: 400)))
    let continuous = CorrelatedGaussian.bivariate(correlation: 0.3).sample(count: 400, seed: 1)
    #expect(try KSGEstimator().estimate(continuous.x, continuous.y).warnings.isEmpty)
  }

  @Test func rejectsBadInput() throws {
    let x = Matrix(column: [1, 2, 3, 4, 5])
    let y = Matrix(column: [2, 1, 4, 3, 6])
    #expect(throws: EstimationError.mismatchedLengths(.x, 5, .y, 4)) {
      try KSGEstimator().estimate(x, Matrix(column: [1, 2, 3, 4]))
    }
    #expect(throws: EstimationError.tooFewSamples(needed: 6, got: 5, reason: "k + 1 = 6 for k = 5 neighbours")) {
      try KSGEstimator(k: 5).estimate(x, y)
    }
    #expect(throws: EstimationError.invalidParameter(name: "k", value: "0", reason: "the number of neighbours must be at least 1")) {
      try KSGEstimator(k: 0).estimate(x, y)
    }
    #expect(throws: EstimationError.nonFiniteValue(.y, row: 2, column: 0, value: .infinity)) {
      try KSGEstimator().estimate(x, Matrix(column: [1, 2, .infinity, 4, 5]))
    }
    // A constant Y shares nothing with X: 0 exactly, with a warning (not an error).
    let constant = try KSGEstimator().estimate(x, Matrix(column: [3, 3, 3, 3, 3]))
    #expect(constant.value == 0 && constant.warnings == [.constantVariable(.y, value: 3)])
    // A constant column next to a varying one is left out: the estimate is that of the rest.
    let withConstant = try KSGEstimator().estimate(x.concatenatingColumns(Matrix(column: [7, 7, 7, 7, 7])), y)
    #expect(withConstant.value == (try KSGEstimator().estimate(x, y)).value)
    #expect(withConstant.warnings.contains(.constantColumnsDropped(.x, columns: [x.columns])))
    #expect(throws: EstimationError.noColumns(.x)) {
      try KSGEstimator().estimate(Matrix(rows: 5, columns: 0), y)
    }
    // NaN is reported by position (NaN != NaN, so compare the description).
    do {
      _ = try KSGEstimator().estimate(Matrix(column: [1, .nan, 3, 4, 5]), y)
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "X, row 1, column 0: value is nan; estimators need finite numbers")
    }
  }
}

@Suite("Progress reporting")
struct ProgressReportingTests {
  /// Collects reported fractions from any thread.
  final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    func record(_ value: Double) {
      lock.lock()
      values.append(value)
      lock.unlock()
    }
    var all: [Double] {
      lock.lock()
      defer { lock.unlock() }
      return values
    }
  }

  @Test func ksgAndFrenzelPompeReportUpToCompletion() throws {
    let (x, y, z) = GaussianChain(a: 1, b: 1, c: 0.5).sample(count: 6000, seed: 1)
    let recorder = Recorder()
    let plain = try KSGEstimator().estimate(x, y).value
    let tracked = try KSGEstimator(progress: { recorder.record($0) }).estimate(x, y).value
    #expect(plain == tracked)
    let fractions = recorder.all
    #expect(fractions.count >= 4)
    #expect(fractions.max() == 1)
    #expect(fractions.allSatisfy { $0 > 0 && $0 <= 1 })

    let conditional = Recorder()
    _ = try FrenzelPompeEstimator(progress: { conditional.record($0) }).estimate(x, y, given: z)
    #expect(conditional.all.max() == 1)
  }
}
