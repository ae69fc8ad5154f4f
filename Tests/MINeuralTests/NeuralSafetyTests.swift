import MIClassical
import MIDistributions
import MINeural
import MINumerics
import Testing

/// Sizes checked before any work, values that cannot be estimates refused, and data of any
/// finite scale or with constant columns handled (issue "First contact right").
@Suite struct NeuralSafetyTests {
  static let small = NeuralPreset(batchSize: 32, hidden: [16], embedding: 8, learningRate: 2e-3, steps: 60, evaluationInterval: 20)

  @Test func hugeNetworksAreRefusedBeforeAnyWork() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.5).sample(count: 300, seed: 1)
    for hidden in [[100_000_000, 100_000_000], [3_037_000_500]] {
      #expect {
        try NeuralEstimator(preset: NeuralPreset(hidden: hidden, steps: 2)).estimate(x, y)
      } throws: { error in
        guard case .tooLarge(let message) = error as? EstimationError else { return false }
        return message.contains("is above the limit of 1048576")
      }
    }
    // Within the width limit, but 60 000² weights need terabytes: the memory check speaks.
    #expect {
      try NeuralEstimator(preset: NeuralPreset(hidden: [60_000, 60_000], steps: 2)).estimate(x, y)
    } throws: { error in
      guard case .tooLarge(let message) = error as? EstimationError else { return false }
      return message.contains("more than half of this machine's memory") && message.contains("widths 60000,60000")
    }
  }

  @Test func memoryRequirementCountsWeightsAndActivations() {
    let estimator = NeuralEstimator(preset: NeuralPreset(batchSize: 128, hidden: [256, 256], embedding: 32))
    let (total, parameters) = estimator.memoryRequirement(xDimension: 20, yDimension: 20, samples: 4000)
    // Two towers 20→256→256→32: 2 × (21·256 + 257·256 + 257·32) = 158 784 weights, 6 copies of 4 bytes.
    #expect(parameters == 158_784 * 24)
    #expect(total > parameters && total < 100_000_000)
  }

  @Test func aValueFarBelowZeroIsATrainingFailure() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.5).sample(count: 600, seed: 2)
    let preset = NeuralPreset(batchSize: 128, hidden: [64], learningRate: 1, steps: 3, evaluationInterval: 1)
    #expect {
      try NeuralEstimator(bound: .infonce, preset: preset).estimate(x, y)
    } throws: { error in
      guard case .trainingFailed(let message) = error as? EstimationError else { return false }
      return message.contains("below −log K = -4.85") && message.contains("the critic did not learn")
    }
  }

  /// A lower bound below 0 by more than max(0.1, 3 standard errors) is a failure with
  /// advice; values that scatter around 0 (independent data) are estimates.
  @Test func aLowerBoundWellBelowZeroIsNoEstimate() {
    let failure = NeuralEstimator.belowZeroFailure(value: -0.27, standardError: 0.03, name: "nwj", learningRate: 1e-4)
    #expect(failure?.hasPrefix("the held-out nwj value is -0.270 nats, below 0 by more than max(0.1, 3 standard errors) = 0.100") == true)
    #expect(failure?.contains("Use a bound with less variance (infonce, smile)") == true)
    #expect(NeuralEstimator.belowZeroFailure(value: -0.05, standardError: 0.01, name: "nwj", learningRate: 1e-4) == nil)
    #expect(NeuralEstimator.belowZeroFailure(value: -0.25, standardError: 0.1, name: "nwj", learningRate: 1e-4) == nil)
    #expect(NeuralEstimator.belowZeroFailure(value: -0.31, standardError: 0.1, name: "nwj", learningRate: 1e-4) != nil)
  }

  /// CLUB at correlation 0.999 is a valid but very loose upper bound (about 500 nats at the
  /// true conditional, the MI 3.1): the estimate says so.
  @Test func aLooseUpperBoundIsFlagged() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.999).sample(count: 1000, seed: 5)
    let preset = NeuralPreset(batchSize: 64, hidden: [16], learningRate: 1e-2, steps: 200, evaluationInterval: 50)
    let estimate = try NeuralEstimator(bound: .club, preset: preset).estimate(x, y)
    #expect(estimate.value > 50, "\(estimate.value)")
    #expect(estimate.warnings.contains { $0.description.contains("is far above the Gaussian estimate of the same data") }, "\(estimate.warnings)")
    let (u, v) = CorrelatedGaussian.bivariate(correlation: 0.5).sample(count: 1000, seed: 5)
    let modest = try NeuralEstimator(bound: .club, preset: preset).estimate(u, v)
    #expect(!modest.warnings.contains { $0.description.contains("far above the Gaussian estimate") })
  }

  @Test func extremeScalesGiveTheSameEstimate() throws {
    let (x, y) = CorrelatedGaussian.bivariate(correlation: 0.8).sample(count: 400, seed: 3)
    let base = try NeuralEstimator(preset: Self.small, seed: 4).estimate(x, y).value
    for scale in [1e307, 1e-300] {
      let scaled = try NeuralEstimator(preset: Self.small, seed: 4).estimate(x.scaled(by: scale), y.scaled(by: scale)).value
      #expect(abs(scaled - base) < 1e-5, "scale \(scale): \(base) became \(scaled)")
    }
  }

  @Test func constantVariableGivesZero() throws {
    let (x, _) = CorrelatedGaussian.bivariate(correlation: 0.8).sample(count: 300, seed: 3)
    let constant = Matrix(rows: 300, columns: 1, repeating: 2)
    let estimate = try NeuralEstimator(preset: Self.small).estimate(x, constant)
    #expect(estimate.value == 0)
    #expect(estimate.warnings == [.constantVariable(.y, value: 2)])
  }
}

extension Matrix {
  fileprivate func scaled(by factor: Double) -> Matrix {
    Matrix(rows: rows, columns: columns, storage: storage.map { $0 * factor })
  }
}
