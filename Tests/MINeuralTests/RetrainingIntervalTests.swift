import MIClassical
import MIDistributions
import MIEstimation
import MINeural
import MINumerics
import Testing

/// `Bootstrap.Method.retraining`: a neural estimate's interval from estimates trained again
/// with other seeds on all rows.
@Suite struct RetrainingIntervalTests {
  static let preset = NeuralPreset(batchSize: 64, hidden: [32], embedding: 8, learningRate: 3e-3, steps: 150, evaluationInterval: 50, patience: 2)

  @Test func theIntervalIsTheSpreadOfRetrainedEstimates() throws {
    let (x, y) = CorrelatedGaussian.sparse(dimensionX: 1, dimensionY: 1, interacting: 1, correlation: 0.7).sample(count: 800, seed: 4)
    let estimator = NeuralEstimator(bound: .infonce, preset: Self.preset, seed: 5)
    let interval = try Bootstrap(resamples: 4, seed: 9).run(estimator, x, y)
    #expect(interval.method == .retraining && interval.resamples == 4 && interval.subsampleSize == 800)
    // The reference: the same four seeds drawn by hand, each estimate trained on all rows.
    let estimate = try estimator.estimate(x, y).value
    var generator = SeededGenerator(seed: 9)
    let values = try (0..<4).map { _ in try estimator.withSeed(generator.next()).estimate(x, y).value }
    let mean = values.reduce(0, +) / 4
    let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3).squareRoot()
    #expect(abs(interval.estimate - estimate) < 1e-12)
    #expect(abs(interval.standardError - deviation) < 1e-12 && deviation > 0)
    #expect(abs(interval.bias - (mean - estimate)) < 1e-12)
    let z = 1.959963984540054
    #expect(abs(interval.lower - (estimate - z * deviation)) < 1e-9 && abs(interval.upper - (estimate + z * deviation)) < 1e-9)
    // Reproducible from its seed.
    #expect(try Bootstrap(resamples: 4, seed: 9).run(estimator, x, y) == interval)
  }

  @Test func onlyTrainedEstimatorsRetrain() throws {
    let (x, y) = CorrelatedGaussian.sparse(dimensionX: 1, dimensionY: 1, interacting: 1, correlation: 0.7).sample(count: 200, seed: 4)
    #expect(throws: EstimationError.self) { try Bootstrap(resamples: 3, method: .retraining).run(KSGEstimator(), x, y) }
    let automatic = try Bootstrap(resamples: 3, method: .automatic).run(KSGEstimator(), x, y)
    #expect(automatic.method == .halfSampling)
  }
}
