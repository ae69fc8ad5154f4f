import Foundation
import MIClassical
import MIDistributions
import MINumerics
import Testing

@Suite("Frenzel–Pompe conditional MI")
struct FrenzelPompeTests {
  @Test(arguments: [0.0, 0.8])
  func gaussianChainMatchesTruth(c: Double) throws {
    let sampler = GaussianChain(a: 1, b: 0.8, c: c)
    let (x, y, z) = sampler.sample(count: 3000, seed: 4)
    let estimate = try FrenzelPompeEstimator().estimate(x, y, given: z)
    #expect(estimate.quantity == .conditionalMutualInformation)
    // Deviation ≈ 0.015 at N = 3000; bias small in 3 dimensions.
    #expect(abs(estimate.value - sampler.conditionalMutualInformation) < 0.06,
            "\(estimate.value) vs \(sampler.conditionalMutualInformation)")
  }

  @Test func equalsBruteForce() throws {
    for seed in 0..<6 as Range<UInt64> {
      let joint = seed % 2 == 0
        ? continuousData(rows: 50, columns: 4, seed: seed)
        : tiedData(rows: 45, columns: 4, levels: 3, seed: seed)
      let x = joint.selecting(columns: [0])
      let y = joint.selecting(columns: [1])
      let z = joint.selecting(columns: [2, 3])
      let fast = try FrenzelPompeEstimator(preprocessing: .none).estimate(x, y, given: z).value
      let slow = BruteForce.frenzelPompe(joint, x: [0], y: [1], z: [2, 3], k: 3)
      #expect(abs(fast - slow) < 1e-12, "seed \(seed)")
    }
  }

  @Test func rejectsMismatchedZ() {
    let x = Matrix(column: [1, 2, 3, 4, 5])
    #expect(throws: EstimationError.mismatchedLengths(.x, 5, .z, 3)) {
      try FrenzelPompeEstimator().estimate(x, x, given: Matrix(column: [1, 2, 3]))
    }
  }
}

@Suite("Kozachenko–Leonenko entropy")
struct KozachenkoLeonenkoTests {
  @Test(arguments: KozachenkoLeonenkoEstimator.Norm.allCases)
  func gaussianEntropyMatchesTruth(norm: KozachenkoLeonenkoEstimator.Norm) throws {
    let normal = MultivariateNormal(covariance: Matrix([[4, 1], [1, 2]]), groupSizes: [2])
    let x = normal.sample(count: 4000, seed: 1)
    let estimate = try KozachenkoLeonenkoEstimator(norm: norm).entropy(x)
    #expect(estimate.quantity == .entropy)
    #expect(abs(estimate.value - normal.entropy) < 0.05, "\(estimate.value) vs \(normal.entropy)")
  }

  @Test func uniformEntropyIsLogWidth() throws {
    var generator = SeededGenerator(seed: 3)
    let x = Matrix(column: (0..<4000).map { _ in 3 * generator.uniform() })
    // Standardized or not, the result is the entropy of the data as given: log 3.
    for standardize in [true, false] {
      let value = try KozachenkoLeonenkoEstimator(preprocessing: .init(standardize: standardize)).entropy(x).value
      #expect(abs(value - log(3)) < 0.03, "\(value)")
    }
  }

  @Test func equalsBruteForce() throws {
    let x = continuousData(rows: 70, columns: 2, seed: 5)
    let fast = try KozachenkoLeonenkoEstimator(preprocessing: .none).entropy(x).value
    #expect(abs(fast - BruteForce.kozachenkoLeonenko(x, k: 3)) < 1e-12)
  }

  @Test func threeEntropyMutualInformation() throws {
    let sampler = CorrelatedGaussian.bivariate(correlation: 0.8)
    let (x, y) = sampler.sample(count: 3000, seed: 6)
    let value = try KozachenkoLeonenkoEstimator().estimate(x, y).value
    #expect(abs(value - sampler.mutualInformation) < 0.08, "\(value) vs \(sampler.mutualInformation)")
  }

  @Test func duplicatesWithoutNoiseAreAnError() {
    let x = Matrix(column: [1, 1, 1, 1, 2, 3, 4, 5])
    #expect(throws: EstimationError.self) {
      try KozachenkoLeonenkoEstimator(preprocessing: .none).entropy(x)
    }
  }
}

@Suite("Mixed (Gao et al.) and Ross estimators")
struct MixedAndRossTests {
  @Test(arguments: [2, 5])
  func mixtureMatchesTruth(categories: Int) throws {
    let sampler = DiscreteContinuousMixture(categories: categories)
    let (x, y) = sampler.sample(count: 3000, seed: UInt64(categories))
    let truth = sampler.mutualInformation
    let mixed = try MixedKSGEstimator().estimate(x, y).value
    let ross = try RossEstimator().estimate(x, y).value
    // Both are consistent here; deviations ≈ 0.02 at N = 3000.
    #expect(abs(mixed - truth) < 0.07, "mixed \(mixed) vs \(truth)")
    #expect(abs(ross - truth) < 0.07, "ross \(ross) vs \(truth)")
  }

  @Test func mixedHandlesPurelyDiscreteData() throws {
    // On discrete data with many samples per cell, the mixed estimator approaches the plug-in value.
    let sampler = BinarySymmetricChannel(flip: 0.1)
    let (x, y) = sampler.sample(count: 4000, seed: 2)
    let mixed = try MixedKSGEstimator().estimate(x, y).value
    #expect(abs(mixed - sampler.mutualInformation) < 0.03, "\(mixed) vs \(sampler.mutualInformation)")
  }

  @Test func mixedEqualsBruteForce() throws {
    for seed in 0..<5 as Range<UInt64> {
      let joint = tiedData(rows: 50, columns: 3, levels: 4, seed: seed)
      let fast = try MixedKSGEstimator(preprocessing: .none)
        .estimate(joint.selecting(columns: [0]), joint.selecting(columns: [1, 2])).value
      #expect(abs(fast - BruteForce.mixed(joint, x: [0], y: [1, 2], k: 3)) < 1e-12, "seed \(seed)")
    }
  }

  @Test func rossEqualsBruteForce() throws {
    var generator = SeededGenerator(seed: 9)
    let labels = (0..<60).map { _ in Double(generator.integer(below: 3)) }
    let y = Matrix(column: labels.map { $0 + generator.normal() })
    let fast = try RossEstimator(preprocessing: .none).estimate(Matrix(column: labels), y).value
    #expect(abs(fast - BruteForce.ross(labels: labels, y: y, k: 3)) < 1e-12)
  }

  @Test func rossDropsSingletonClassesAndRejectsContinuousX() throws {
    var labels: [Double] = Array(repeating: 0, count: 20) + Array(repeating: 1, count: 20)
    labels.append(7)  // a class with one sample
    var generator = SeededGenerator(seed: 1)
    let y = Matrix(column: labels.map { $0 + generator.normal() })
    let estimate = try RossEstimator().estimate(Matrix(column: labels), y)
    #expect(estimate.sampleCount == 40)
    #expect(estimate.warnings.contains { if case .droppedSamples(1, _) = $0 { true } else { false } })

    let continuous = Matrix(column: (0..<30).map { Double($0) })
    #expect(throws: EstimationError.self) { try RossEstimator().estimate(continuous, continuous) }
  }
}
