import Foundation
import MutualInformation

// Recipe for InfoCORE (representations free of batch effects): x = (a, z) and y = (b, z) share
// the batch z (uniform on 4 batches) and carry the signal I(a; b) = 0.5 nats, so that
// I(X; Y | Z) = 0.5 and I(X; Y) = 0.5 + log 4 = 1.886 nats. Conditional InfoNCE draws its
// negatives within the batch, where z tells nothing apart. Its one-number encoding g(x) of new
// samples is measured by independent estimators: Ross's k-NN I(g(x); z) for the batch effect
// left in the encoding, and KSG's I(g(x); b) for the signal.
var generator = SeededGenerator(seed: 1)
let rho = Float((1 - exp(-1.0)).squareRoot())
func samples(_ n: Int, using generator: inout SeededGenerator) -> (batch: Batch<Float>, b: [Double]) {
  var x: [Float] = [], y: [Float] = [], batches: [Int] = []
  for _ in 0..<n {
    let (a, z) = (Float(generator.normal()), generator.integer(below: 4))
    let b = rho * a + (1 - rho * rho).squareRoot() * Float(generator.normal())
    x += [a, Float(z)]
    y += [b, Float(z)]
    batches.append(z)
  }
  let batch = Batch(x: Tensor(shape: [n, 2], scalars: x), y: Tensor(shape: [n, 2], scalars: y), labels: batches)
  return (batch, stride(from: 0, to: y.count, by: 2).map { Double(y[$0]) })
}
let training = samples(2000, using: &generator).batch
let (test, testB) = samples(1000, using: &generator)
let evaluation = HeldOutEvaluation(chunkSize: 500, batchSize: 128)
let trainer = Trainer(batchSize: 128, steps: 600, evaluationInterval: 100, patience: 3, seed: 2)

func report(_ name: String, _ critic: SeparableCritic<Float>, bound: Double) throws {
  let encoding = critic.g(test.x)
  let column = Matrix(rows: 1000, columns: 1, storage: encoding.scalars.map(Double.init))
  let batchEffect = try RossEstimator().estimate(Matrix(rows: 1000, columns: 1, storage: test.labels!.map(Double.init)), column).value
  let signal = try KSGEstimator().estimate(column, Matrix(rows: 1000, columns: 1, storage: testB)).value
  print("\(name): bound \(String(format: "%.3f", bound)) nats; I(g(x); z) = \(String(format: "%.3f", batchEffect)), I(g(x); b) = \(String(format: "%.3f", signal))")
}

var weights = SeededGenerator(seed: 3)
let conditional = try trainer.train(
  try ConditionalInfoNCEObjective(
    critic: SeparableCritic<Float>(xDimension: 2, yDimension: 2, hidden: [32], embedding: 1, using: &weights),
    bound: ConditionalInfoNCE(equalGroups: true), optimizer: Adam(learningRate: 3e-3)),
  on: training, validation: test, evaluation: evaluation).best
try report("conditional InfoNCE (I(X;Y|Z) = 0.5)", conditional.critic, bound: HeldOutEvaluation.mean(conditional.evaluate(on: test, evaluation: evaluation).values))

weights = SeededGenerator(seed: 3)
let plain = try trainer.train(
  try CriticObjective(
    critic: SeparableCritic<Float>(xDimension: 2, yDimension: 2, hidden: [32], embedding: 1, using: &weights),
    bound: InfoNCE<Float>(), optimizer: Adam(learningRate: 3e-3)),
  on: training, validation: test, evaluation: evaluation).best
try report("plain InfoNCE (I(X;Y) = 1.886)", plain.critic, bound: HeldOutEvaluation.mean(plain.evaluate(on: test, evaluation: evaluation).values))
