import Foundation
import MIClassical
import MINetworks
import MINeural
import MINumerics
import MITensor
import MITestSupport
import Testing
import _Differentiation

/// Supervised contrastive learning with logit adjustment: the loss against a loop reference,
/// its gradients, bad priors and labels, and the effect on a long-tailed task.
@Suite struct SupervisedContrastiveTests {
  static let labels = [0, 1, 0, 2, 1, 0]
  static let prior = [0.5, 0.3, 0.2]

  static func tensors(seed: UInt64) -> (Tensor<Double>, Tensor<Double>) {
    var generator = SeededGenerator(seed: seed)
    return (Tensor(randomNormal: [6, 4], using: &generator), Tensor(randomNormal: [3, 4], using: &generator))
  }

  /// The loss computed row by row with loops in Double.
  @Test func lossMatchesALoopReference() throws {
    let (z, w) = Self.tensors(seed: 1)
    let objective = try SupervisedContrastive<Double>(classPrior: Self.prior, temperature: 0.5, adjustment: 1)
    func normalized(_ t: Tensor<Double>, _ i: Int) -> [Double] {
      let row = (0..<t.shape[1]).map { t[i, $0] }
      let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return row.map { $0 / norm }
    }
    func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    // Samples: log-softmax over the other samples, averaged over all positive pairs.
    var contrastive = 0.0, pairs = 0.0, crossEntropy = 0.0
    for i in 0..<6 {
      let others = (0..<6).filter { $0 != i }
      let logits = others.map { dot(normalized(z, i), normalized(z, $0)) / 0.5 }
      let normalizer = log(logits.reduce(0) { $0 + exp($1) })
      for (a, logit) in zip(others, logits) where Self.labels[a] == Self.labels[i] {
        contrastive += normalizer - logit
        pairs += 1
      }
      // Prototypes: cross-entropy of softmax(z·w/τ + log π).
      let classLogits = (0..<3).map { dot(normalized(z, i), normalized(w, $0)) / 0.5 + log(Self.prior[$0]) }
      crossEntropy += log(classLogits.reduce(0) { $0 + exp($1) }) - classLogits[Self.labels[i]]
    }
    let total = contrastive / pairs + crossEntropy / 6
    #expect(abs(Double(objective.loss(z, w, labels: Self.labels).scalar) - total) < 1e-12)
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let (z, w) = Self.tensors(seed: 2)
    let objective = try SupervisedContrastive<Double>(classPrior: Self.prior, temperature: 0.5, adjustment: 1)
    checkGradient(of: { objective.loss($0, $1, labels: Self.labels) }, at: z, w)
  }

  @Test func badPriorsAndLabelsAreRefused() throws {
    #expect(throws: EstimationError.self) { try SupervisedContrastive<Float>(classPrior: [0.5, 0.6]) }
    #expect(throws: EstimationError.self) { try SupervisedContrastive<Float>(classPrior: [1, 0]) }
    #expect(throws: EstimationError.self) { try SupervisedContrastive<Float>(classPrior: [1]) }
    #expect(throws: EstimationError.self) { try SupervisedContrastive<Float>(classPrior: [0.5, 0.5], temperature: 0) }
    #expect(throws: EstimationError.self) { try SupervisedContrastive<Float>.prior(of: [0, 1, 3], classes: 3) }
    #expect(throws: EstimationError.self) { try SupervisedContrastive<Float>.prior(of: [0, 0, 2], classes: 3) }
    #expect(try SupervisedContrastive<Float>.prior(of: [0, 1, 1, 2], classes: 3) == [0.25, 0.5, 0.25])
  }

  /// Ten overlapping Gaussian classes in 8 dimensions, n_c = 300·100^(−c/9) training samples
  /// (imbalance ratio 100) and a balanced test set of 100 per class.
  static func longTailed(seed: UInt64) -> (train: Batch<Float>, test: Tensor<Float>, testLabels: [Int]) {
    var generator = SeededGenerator(seed: seed)
    let (classes, d) = (10, 8)
    let means = (0..<classes).map { _ in (0..<d).map { _ in 1.2 * generator.normal() } }
    func draw(_ counts: [Int]) -> (Tensor<Float>, [Int]) {
      var values: [Float] = [], labels: [Int] = []
      for (c, count) in counts.enumerated() {
        for _ in 0..<count {
          values += means[c].map { Float($0 + generator.normal()) }
          labels.append(c)
        }
      }
      return (Tensor(shape: [labels.count, d], scalars: values), labels)
    }
    let counts = (0..<classes).map { Int((300 * pow(100, -Double($0) / 9)).rounded()) }
    let (x, labels) = draw(counts)
    let (test, testLabels) = draw([Int](repeating: 100, count: classes))
    return (Batch(x: x, y: x, labels: labels), test, testLabels)
  }

  static func balancedAccuracy(adjustment: Double, seed: UInt64, temperature: Double = 0.1, steps: Int = 400) throws -> Double {
    let data = Self.longTailed(seed: seed)
    let prior = try SupervisedContrastive<Float>.prior(of: data.train.labels!, classes: 10)
    var generator = SeededGenerator(seed: seed + 100)
    let objective = SupervisedContrastiveObjective(
      encoder: MLP<Float>(widths: [8, 64, 16], activation: .relu, using: &generator), embedding: 16,
      objective: try SupervisedContrastive(classPrior: prior, temperature: temperature, adjustment: adjustment),
      optimizer: Adam(learningRate: 3e-3), using: &generator)
    let trainer = Trainer(batchSize: 128, steps: steps, evaluationInterval: steps, patience: 1, seed: seed)
    let outcome = try trainer.train(
      objective, on: data.train, validation: data.train, evaluation: HeldOutEvaluation(chunkSize: 128, batchSize: 128))
    let predictions = outcome.best.predictions(data.test)
    var correct = [Int](repeating: 0, count: 10)
    for (p, l) in zip(predictions, data.testLabels) where p == l { correct[l] += 1 }
    return correct.reduce(0.0) { $0 + Double($1) / 100 } / 10
  }

  /// Logit adjustment (α = 1) against none (α = 0) on the long-tailed task, three seeds:
  /// the balanced accuracy of the prior-free prototype scores rises on every seed (measured
  /// 0.71 → 0.83, 0.70 → 0.79, 0.75 → 0.88).
  @Test func logitAdjustmentRaisesBalancedAccuracyOnALongTail() throws {
    for seed: UInt64 in [1, 2, 3] {
      let plain = try Self.balancedAccuracy(adjustment: 0, seed: seed, steps: 200)
      let adjusted = try Self.balancedAccuracy(adjustment: 1, seed: seed, steps: 200)
      #expect(adjusted > plain + 0.04, "seed \(seed): adjusted \(adjusted), plain \(plain)")
    }
  }
}
