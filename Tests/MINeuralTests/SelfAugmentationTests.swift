import Foundation
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// IMSAT's self-augmentation penalty: (1/K) Σᵢ KL(pᵢ ‖ qᵢ) against a loop, zero when the
/// augmentation does not move the predictions, and its gradient (the inputs' predictions held
/// fixed) against finite differences in Double.
@Suite struct SelfAugmentationTests {
  @Test func divergenceMatchesALoopAndItsGradientIsChecked() {
    let (logits, augmented) = (randomTensor([5, 4], seed: 31), randomTensor([5, 4], seed: 32))
    func softmax(_ row: [Double]) -> [Double] {
      let top = row.max()!
      let e = row.map { exp($0 - top) }
      return e.map { $0 / e.reduce(0, +) }
    }
    var reference = 0.0
    for i in 0..<5 {
      let p = softmax((0..<4).map { logits[i, $0] }), q = softmax((0..<4).map { augmented[i, $0] })
      reference += zip(p, q).map { $0 * log($0 / $1) }.reduce(0, +) / 5
    }
    #expect(abs(SelfAugmentation.divergence(logits, augmented).scalar - reference) < 1e-12)
    #expect(abs(SelfAugmentation.divergence(logits, logits).scalar) < 1e-12)
    checkGradient(of: { SelfAugmentation.divergence(withoutDerivative(at: logits), $0) }, at: augmented)
    // No gradient reaches the inputs' predictions.
    let toInputs = gradient(at: logits) { SelfAugmentation.divergence($0, augmented) }
    #expect(toInputs.scalars.allSatisfy { $0 == 0 })
  }

  /// The step draws a new augmentation at every step, and `objectiveValue` is IM less μ times
  /// the penalty.
  @Test func theObjectiveAddsThePenalty() {
    var generator = SeededGenerator(seed: 33)
    let x = Tensor<Float>(randomNormal: [16, 3], using: &generator)
    let shift = SelfAugmentation(weight: 2) { x, seed in x + Float(seed % 7) * 0.1 }
    var objective = InformationMaximizationObjective(
      model: MLP<Float>(widths: [3, 8, 4], using: &generator), augmentation: shift, seed: 5, optimizer: Adam(learningRate: 1e-2))
    let logits = objective.model(x)
    let expected = Double(InformationMaximization<Float>().objective(logits).scalar)
      - 2 * Double(SelfAugmentation.divergence(logits, objective.model(x + 0.1)).scalar)
    #expect(abs(objective.objectiveValue(on: x, seed: 1) - expected) < 1e-5)
    _ = objective.step(on: Batch(x: x, y: x))
    _ = objective.step(on: Batch(x: x, y: x))
    #expect(objective.augmentationSeed == 7)
    #expect(objective.name == "imsat")
  }
}
