import Foundation
import MutualInformation

// Recipe for long-tailed recognition by MI maximization between features and labels
// (supervised contrastive learning with logit adjustment): ten overlapping Gaussian classes,
// 300 down to 3 training samples per class (imbalance ratio 100), a balanced test set.
var generator = SeededGenerator(seed: 1)
let means = (0..<10).map { _ in (0..<8).map { _ in 1.2 * generator.normal() } }
func draw(_ counts: [Int], using generator: inout SeededGenerator) -> (Tensor<Float>, [Int]) {
  var values: [Float] = [], labels: [Int] = []
  for (c, count) in counts.enumerated() {
    for _ in 0..<count {
      values += means[c].map { Float($0 + generator.normal()) }
      labels.append(c)
    }
  }
  return (Tensor(shape: [labels.count, 8], scalars: values), labels)
}
let (x, labels) = draw((0..<10).map { Int((300 * pow(100, -Double($0) / 9)).rounded()) }, using: &generator)
let (test, testLabels) = draw([Int](repeating: 100, count: 10), using: &generator)
let prior = try SupervisedContrastive<Float>.prior(of: labels, classes: 10)
let data = Batch(x: x, y: x, labels: labels)

for adjustment in [0.0, 1.0] {
  var weights = SeededGenerator(seed: 101)
  let objective = SupervisedContrastiveObjective(
    encoder: MLP<Float>(widths: [8, 64, 16], activation: .relu, using: &weights), embedding: 16,
    objective: try SupervisedContrastive(classPrior: prior, temperature: 0.1, adjustment: adjustment),
    optimizer: Adam(learningRate: 3e-3), using: &weights)
  let trainer = Trainer(batchSize: 128, steps: 200, evaluationInterval: 200, seed: 1)
  let outcome = try trainer.train(objective, on: data, validation: data, evaluation: HeldOutEvaluation(chunkSize: 128, batchSize: 128))
  var correct = [Double](repeating: 0, count: 10)
  for (predicted, label) in zip(outcome.best.predictions(test), testLabels) where predicted == label { correct[label] += 1 }
  let balanced = correct.reduce(0, +) / 1000
  print("adjustment \(adjustment): balanced accuracy \(balanced), I(Z;Y) ≥ \(outcome.best.trainingValue()) nats")
}
