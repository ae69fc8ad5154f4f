import Foundation
import MIClassical
import MIDistributions
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// Negatives made by a user's function instead of taken from the batch.
@Suite struct GeneratedNegativesTests {
  /// Each row's negatives are its y plus 10 (an easy to check rule); the sampled scores are
  /// the critic's scores on those rows, with gradients checked against finite differences.
  @Test func scoresOfGeneratedCandidates() {
    var generator = SeededGenerator(seed: 1)
    let critic = SeparableCritic<Double>(
      xDimension: 3, yDimension: 2, hidden: [5], embedding: 3, activation: .tanh, learnsTemperature: true, using: &generator)
    let (x, y) = CriticTests.batch(4, seed: 2)
    var sampler = GeneratedNegatives(count: 2) { y, m, _ in
      let rows = (0..<y.shape[0]).flatMap { i in (0..<m).flatMap { n in (0..<y.shape[1]).map { y[i, $0] + 10 * Double(n + 1) } } }
      return Tensor(shape: [y.shape[0] * m, y.shape[1]], scalars: rows)
    }
    let pairs: NegativePairs<Double> = sampler.negatives(for: Batch(x: x, y: y))
    let sampled = critic.scores(x, y, negatives: pairs)
    #expect(sampled.shape == [4, 3])
    for i in 0..<4 {
      #expect(abs(sampled[i, 0] - critic.scores(x.rows(i..<(i + 1)), y.rows(i..<(i + 1)))[0, 0]) < 1e-12)
      for n in 0..<2 {
        let shifted = y.rows(i..<(i + 1)) + 10 * Double(n + 1)
        #expect(abs(sampled[i, 1 + n] - critic.scores(x.rows(i..<(i + 1)), shifted)[0, 0]) < 1e-12)
      }
    }
    checkCriticGradient(critic, x, y, negatives: pairs)
  }

  /// Eight negatives per row generated from the marginal p(y) = N(0, 1) of a bivariate Gaussian with
  /// ρ = 0.8 train a critic whose held-out InfoNCE estimate lands near I = 0.511 nats.
  @Test func negativesFromTheMarginalEstimateTheTruth() throws {
    let task = CorrelatedGaussian.bivariate(correlation: 0.8)
    let (x, y) = task.sample(count: 3000, seed: 3)
    func tensor(_ m: Matrix) -> Tensor<Float> { Tensor(shape: [m.rows, 1], scalars: m.storage.map { Float($0) }) }
    let training = Batch(x: tensor(x.selecting(rows: Array(0..<2000))), y: tensor(y.selecting(rows: Array(0..<2000))))
    let test = Batch(x: tensor(x.selecting(rows: Array(2000..<3000))), y: tensor(y.selecting(rows: Array(2000..<3000))))
    let marginal = GeneratedNegatives(count: 8, summary: "8 fresh draws from p(y)") { y, m, seed in
      var generator = SeededGenerator(seed: seed)
      return Tensor(randomNormal: [y.shape[0] * m, y.shape[1]], using: &generator)
    }
    var generator = SeededGenerator(seed: 4)
    let critic = SeparableCritic<Float>(xDimension: 1, yDimension: 1, hidden: [32], embedding: 8, using: &generator)
    let objective = try CriticObjective(critic: critic, bound: InfoNCE<Float>(), negatives: marginal, optimizer: Adam(learningRate: 3e-3))
    let evaluation = HeldOutEvaluation(chunkSize: 1000, batchSize: 64)
    let outcome = try Trainer(batchSize: 64, steps: 400, evaluationInterval: 100, patience: 3, seed: 5)
      .train(objective, on: training, validation: test, evaluation: evaluation)
    let estimate = HeldOutEvaluation.mean(outcome.best.evaluate(on: test, evaluation: evaluation).values)
    #expect(abs(estimate - task.mutualInformation) < 0.1, "estimate \(estimate) vs \(task.mutualInformation)")
  }
}
