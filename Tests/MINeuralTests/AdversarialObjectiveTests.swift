import Foundation
import MIClassical
import MIEstimation
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// The adversarial min–max objective: its cross-entropy and gradient, bad settings and
/// batches, divergence. The effect it exists for, measured by Ross's estimator on held-out
/// data, is the fair-representation recipe's test (`fairRepresentationRecipe`).
@Suite struct AdversarialObjectiveTests {
  /// x = (u₀, u₁, 2a + ε, ε′): the task y = 1[u₀ + u₁ > 0] does not depend on a, a leaks
  /// through the third feature.
  static func data(_ count: Int, seed: UInt64) -> Batch<Float> {
    var generator = SeededGenerator(seed: seed)
    var x = [Float](), attribute = [Float](), labels = [Int]()
    for _ in 0..<count {
      let (u0, u1) = (generator.normal(), generator.normal())
      let a = generator.integer(below: 2)
      x += [Float(u0), Float(u1), Float(2 * Double(a) + 0.5 * generator.normal()), Float(generator.normal())]
      attribute.append(Float(a))
      labels.append(u0 + u1 > 0 ? 1 : 0)
    }
    return Batch(x: Tensor(shape: [count, 4], scalars: x), y: Tensor(shape: [count, 1], scalars: attribute),
                 z: Tensor(shape: [count, 1], scalars: attribute), labels: labels)
  }

  @Test func crossEntropyMatchesALoopAndItsGradientIsChecked() {
    let logits = randomTensor([5, 3], seed: 71)
    let classes = [0, 2, 1, 2, 0]
    let oneHot = Tensor<Float>(shape: [5, 3], scalars: (0..<15).map { classes[$0 / 3] == $0 % 3 ? 1 : 0 })
    var reference = 0.0
    for i in 0..<5 {
      let row = (0..<3).map { logits[i, $0] }
      reference -= (row[classes[i]] - log(row.map(exp).reduce(0, +))) / 5
    }
    let value = AdversarialObjective<MLP<Float>, MLP<Float>, MLP<Float>>.crossEntropy(Tensor(converting: logits), oneHot)
    #expect(abs(Double(value.scalar) - reference) < 1e-5)
    // In Double, through a one-hot of the same classes, against finite differences.
    let doubleOneHot = Tensor<Double>(converting: oneHot)
    checkGradient(of: { -($0.logSoftmax(alongAxis: 1) * doubleOneHot).sum() / 5 }, at: logits)
  }

  static func game(weight: Double, seed: UInt64) throws -> AdversarialObjective<MLP<Float>, MLP<Float>, MLP<Float>> {
    var generator = SeededGenerator(seed: seed)
    return try AdversarialObjective(
      encoder: MLP(widths: [4, 32, 4], activation: .relu, using: &generator),
      head: MLP(widths: [4, 16, 2], activation: .relu, using: &generator),
      adversary: MLP(widths: [4, 32, 2], activation: .relu, using: &generator),
      weight: weight, adversarySteps: 3,
      encoderOptimizer: Adam(learningRate: 3e-3), headOptimizer: Adam(learningRate: 3e-3), adversaryOptimizer: Adam(learningRate: 3e-3))
  }

  @Test func badSettingsAreRefused() throws {
    var generator = SeededGenerator(seed: 1)
    let mlp = MLP<Float>(widths: [2, 2], using: &generator)
    #expect(throws: EstimationError.self) {
      try AdversarialObjective(encoder: mlp, head: mlp, adversary: mlp, weight: -1, encoderOptimizer: Adam(learningRate: 1e-3),
                               headOptimizer: Adam(learningRate: 1e-3), adversaryOptimizer: Adam(learningRate: 1e-3))
    }
    #expect(throws: EstimationError.self) {
      try AdversarialObjective(encoder: mlp, head: mlp, adversary: mlp, adversarySteps: 0, encoderOptimizer: Adam(learningRate: 1e-3),
                               headOptimizer: Adam(learningRate: 1e-3), adversaryOptimizer: Adam(learningRate: 1e-3))
    }
  }

  /// A non-finite loss stops the trainer with the step and which player's loss it was.
  @Test func aDivergingGameNamesTheStepAndTheQuantity() throws {
    var data = Self.data(64, seed: 9)
    data.x = data.x * Float.nan
    let trainer = Trainer(batchSize: 32, steps: 10, evaluationInterval: 5, seed: 1)
    #expect {
      _ = try trainer.train(Self.game(weight: 1, seed: 2), on: data, validation: data, evaluation: HeldOutEvaluation(chunkSize: 64, batchSize: 32))
    } throws: { error in
      guard case EstimationError.trainingDiverged(let step, let quantity) = error else { return false }
      return step == 1 && quantity == "adversary loss CE(h(z), a)"
    }
  }

  @Test func anAttributeColumnOfTheWrongLengthStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var game = try AdversarialObjectiveTests.game(weight: 1, seed: 1)
      var batch = AdversarialObjectiveTests.data(8, seed: 1)
      batch.z = Tensor(zeros: [5, 1])
      _ = game.step(on: batch)
    }
    let text = result.map { String(decoding: $0.standardErrorContent, as: UTF8.self) } ?? ""
    #expect(text.contains("AdversarialObjective: the attribute (the batch's z) must be a 8×1 column of class indices, got [5, 1]"), "\(text)")
  }
}
