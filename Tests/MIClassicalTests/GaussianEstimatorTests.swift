import Foundation
import MIClassical
import MIDistributions
import MINumerics
import Testing

@Suite("Gaussian and Gaussian-copula estimators")
struct GaussianEstimatorTests {
  @Test func denseGaussianMatchesTruth() throws {
    let sampler = CorrelatedGaussian.dense(dimensionX: 3, dimensionY: 2, correlation: 0.4)
    let (x, y) = sampler.sample(count: 5000, seed: 1)
    let value = try GaussianEstimator().estimate(x, y).value
    // Deviation of the log-det estimator at N = 5000 ≈ 0.01 nats.
    #expect(abs(value - sampler.mutualInformation) < 0.04, "\(value) vs \(sampler.mutualInformation)")
  }

  @Test func biasCorrectionRemovesSmallSampleBias() throws {
    // In 5 + 5 dimensions at N = 40 the uncorrected estimator is biased upward by about
    // d_x·d_y/(2N) ≈ 0.3 nats; the correction brings the mean close to the truth.
    let sampler = CorrelatedGaussian.sparse(dimensionX: 5, dimensionY: 5, interacting: 2, correlation: 0.6)
    var corrected = 0.0
    var plain = 0.0
    let repeats = 60
    for seed in 0..<UInt64(repeats) {
      let (x, y) = sampler.sample(count: 40, seed: seed)
      corrected += try GaussianEstimator(biasCorrected: true).estimate(x, y).value / Double(repeats)
      plain += try GaussianEstimator(biasCorrected: false).estimate(x, y).value / Double(repeats)
    }
    let truth = sampler.mutualInformation
    #expect(plain - truth > 0.15)
    #expect(abs(corrected - truth) < 0.08, "corrected \(corrected) vs \(truth)")
  }

  @Test func entropyConditionalAndTotalCorrelation() throws {
    let chain = GaussianChain(a: 1, b: 0.5, c: 0.7)
    let (x, y, z) = chain.sample(count: 5000, seed: 2)
    let cmi = try GaussianEstimator().estimate(x, y, given: z).value
    #expect(abs(cmi - chain.conditionalMutualInformation) < 0.03)

    let normal = chain.distribution
    let groups = normal.sampleGroups(count: 5000, seed: 3)
    let tc = try GaussianEstimator().totalCorrelation(groups).value
    #expect(abs(tc - normal.totalCorrelation) < 0.04)
    let h = try GaussianEstimator().entropy(Matrix.concatenatingColumns(groups)).value
    #expect(abs(h - normal.entropy) < 0.05)
  }

  @Test func copulaIsInvariantToMonotoneTransforms() throws {
    let sampler = CorrelatedGaussian.bivariate(correlation: 0.6)
    let (x, y) = sampler.sample(count: 2000, seed: 4)
    let plain = try GaussianCopulaEstimator().estimate(x, y)
    // Ranks are unchanged by strictly increasing maps, so the estimate is identical.
    let bent = try GaussianCopulaEstimator().estimate(
      InvertibleTransform.halfCube.apply(x), x.storage.count > 0 ? Matrix(column: y.storage.map { exp($0) }) : y)
    #expect(plain.value == bent.value)
    #expect(plain.kind == .lowerBound)
    #expect(abs(plain.value - sampler.mutualInformation) < 0.04)
    // The plain Gaussian estimator is thrown off by the same transforms.
    let gaussianBent = try GaussianEstimator().estimate(InvertibleTransform.halfCube.apply(x), Matrix(column: y.storage.map { exp($0) })).value
    #expect(abs(gaussianBent - sampler.mutualInformation) > 0.05)
  }

  @Test func copulaNormalScoresAverageTies() {
    let scores = GaussianCopulaEstimator.normalScores(Matrix(column: [3, 1, 3, 2]))
    // Ranks 4 and 3 tie at 3.5: both get Φ⁻¹(3.5/5).
    #expect(scores[0, 0] == scores[2, 0])
    #expect(abs(scores[0, 0] - StandardNormal.quantile(0.7)) < 1e-15)
    #expect(abs(scores[1, 0] - StandardNormal.quantile(0.2)) < 1e-15)
  }

  @Test func rejectsSingularAndTooSmallInput() throws {
    let x = Matrix(columns: [[1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 12]])  // collinear columns
    let y = Matrix(column: [1, 3, 2, 5, 4, 6])
    #expect(throws: EstimationError.singularCovariance(.x)) { try GaussianEstimator().estimate(x, y) }
    #expect(throws: EstimationError.tooFewSamples(needed: 5, got: 3, reason: "d + 2 = 5 for a covariance of 3 dimensions")) {
      try GaussianEstimator().estimate(Matrix(columns: [[1, 2, 3], [3, 1, 2]]), Matrix(column: [1, 2, 4]))
    }
    // A constant variable: 0 exactly with a warning; its entropy stays an error (−∞).
    #expect(try GaussianEstimator().estimate(y, Matrix(column: [2, 2, 2, 2, 2, 2])).value == 0)
    #expect(throws: EstimationError.constantColumn(.x, column: 0, value: 2)) {
      try GaussianEstimator().entropy(Matrix(column: [2, 2, 2, 2, 2, 2]))
    }
  }
}
