import MINeural
import MINumerics
import MITensor
import MIDistributions
import MIClassical
import MITestSupport
import Testing
import _Differentiation

/// The joint critic with m sampled negatives per row (a K×(1 + m) layout) and the bounds on it.
@Suite struct SampledNegativesTests {
  @Test func sampledScoresAreEntriesOfTheFullMatrix() {
    var generator = SeededGenerator(seed: 1)
    let critic = JointCritic<Double>(xDimension: 3, yDimension: 2, hidden: [6], activation: .tanh, using: &generator)
    let (x, y) = CriticTests.batch(7, seed: 2)
    let full = critic.scores(x, y)
    var sampler = ShuffledNegatives(count: 3, seed: 5)
    let pairs: NegativePairs<Double> = sampler.negatives(for: Batch(x: x, y: y))
    let sampled = critic.scores(x, y, negatives: pairs)
    #expect(sampled.shape == [7, 4])
    for i in 0..<7 { #expect(abs(sampled[i, 0] - full[i, i]) < 1e-12) }
    // Every negative is an off-diagonal entry of its row, and the row's negatives differ.
    for i in 0..<7 {
      var columns: Set<Int> = []
      for r in 1..<4 {
        let j = (0..<7).first { abs(full[i, $0] - sampled[i, r]) < 1e-12 }
        #expect(j != nil && j != i)
        columns.insert(j ?? -1)
      }
      #expect(columns.count == 3)
    }
    let next: NegativePairs<Double> = sampler.negatives(for: Batch(x: x, y: y))
    #expect(critic.scores(x, y, negatives: next) != sampled)  // new negatives each step
    checkCriticGradient(critic, x, y, negatives: pairs)
  }

  @Test func boundsOnTheSampledLayout() {
    var generator = SeededGenerator(seed: 3)
    let s = Tensor<Double>(randomNormal: [5, 3], using: &generator)
    // InfoNCE: mean(s_i0 − log Σ_j e^{s_ij}) + log(1 + m).
    var expected = 0.0
    for i in 0..<5 {
      let total = (0..<3).reduce(0.0) { $0 + exp(s[i, $1]) }
      expected += s[i, 0] - log(total)
    }
    #expect(abs(InfoNCE<Double>().value(s) - (expected / 5 + log(3.0))) < 1e-12)
    // NWJ: E over column 0 − e⁻¹ E over columns 1…m of e^s.
    var negatives = 0.0, positives = 0.0
    for i in 0..<5 {
      positives += s[i, 0]
      for j in 1..<3 { negatives += exp(s[i, j]) }
    }
    #expect(abs(NWJ<Double>().value(s) - (positives / 5 - exp(-1) * negatives / 10)) < 1e-12)
    let bounds: [any ScoreBound<Double>] = [InfoNCE(), NWJ(), DonskerVaradhan(), JensenShannon(), SMILE(clip: 1), WassersteinDependency()]
    for bound in bounds { #expect(BoundGradientTests.maximumGradientError(bound, s) < 1e-7, "\(bound.name)") }
  }

  @Test func estimatorWithSampledNegatives() throws {
    let task = NeuralEstimatorTests.task
    let (x, y) = task.sample(count: 800, seed: 4)
    let preset = NeuralPreset(batchSize: 64, hidden: [32], learningRate: 2e-3, steps: 150, evaluationInterval: 50, negatives: 8)
    let estimate = try NeuralEstimator(bound: .infonce, critic: .joint, preset: preset, seed: 5).estimate(x, y)
    #expect(estimate.value < log(9.0) + 1e-6 && estimate.value > 0.5, "\(estimate.value)")
    var tooMany = preset
    tooMany.negatives = 64
    #expect(throws: EstimationError.invalidParameter(
      name: "negatives", value: "64", reason: "more negatives than samples: a batch of 64 has 63 other samples per row")) {
      try NeuralEstimator(bound: .infonce, critic: .joint, preset: tooMany).estimate(x, y)
    }
    #expect(throws: EstimationError.self) {
      try NeuralEstimator(bound: .infonce, critic: .separable, preset: preset).estimate(x, y)
    }
    var none = preset
    none.negatives = 0
    #expect(throws: EstimationError.invalidParameter(name: "negatives", value: "0", reason: "must be at least 1 sampled negative per row")) {
      try NeuralEstimator(bound: .infonce, critic: .joint, preset: none).estimate(x, y)
    }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
