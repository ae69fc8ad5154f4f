import MutualInformation

// Recipe for fair representations with CLUB (MIM-DRCFR, SepCLR): the data of the adversarial
// recipe, inputs x = (u₀, u₁, 2a + ε, ε′) with a binary attribute a that leaks through the
// third feature and a task y = 1[u₀ + u₁ > 0] that does not need it. The encoder 4→32→4 and
// the task head minimize CE + λ·CLUB(z; a), CLUB read from a classifier q(a|z) (a categorical
// q for a class-valued attribute) refitted for five likelihood steps before each encoder
// step. Ross's k-NN estimator, never trained, measures what z keeps about a on held-out
// samples.
func samples(_ count: Int, seed: UInt64) -> Batch<Float> {
  var generator = SeededGenerator(seed: seed)
  var x: [Float] = [], attribute: [Float] = [], labels: [Int] = []
  for _ in 0..<count {
    let (u0, u1, a) = (generator.normal(), generator.normal(), generator.integer(below: 2))
    x += [Float(u0), Float(u1), Float(2 * Double(a) + 0.5 * generator.normal()), Float(generator.normal())]
    attribute.append(Float(a))
    labels.append(u0 + u1 > 0 ? 1 : 0)
  }
  let a = Tensor<Float>(shape: [count, 1], scalars: attribute)
  return Batch(x: Tensor(shape: [count, 4], scalars: x), y: a, z: a, labels: labels)
}

let (training, validation, test) = (samples(3000, seed: 1), samples(600, seed: 2), samples(1000, seed: 3))
let trainer = Trainer(batchSize: 128, steps: 3000, evaluationInterval: 100, patience: 3000, seed: 4)
for weight in [0.0, 3.0] {
  var generator = SeededGenerator(seed: 5)
  let club = try ClassifierTerm(
    classifier: MLP<Float>(widths: [4, 32, 2], activation: .relu, using: &generator), bound: .club,
    optimizer: Adam(learningRate: 3e-3), steps: 5)
  let objective = try PenalizedClassification(
    encoder: MLP<Float>(widths: [4, 32, 4], activation: .relu, using: &generator),
    head: MLP<Float>(widths: [4, 16, 2], activation: .relu, using: &generator),
    penalty: club, weight: weight,
    encoderOptimizer: Adam(learningRate: 3e-3), headOptimizer: Adam(learningRate: 3e-3))
  let best = try trainer.train(objective, on: training, validation: validation, evaluation: HeldOutEvaluation(chunkSize: 600, batchSize: 128)).best
  let correct = zip(best.predictions(test.x), test.labels!).filter { $0 == $1 }.count
  let z = best.encoder(test.x)
  let leak = try RossEstimator().estimate(
    Matrix(rows: test.count, columns: 4, storage: z.scalars.map(Double.init)),
    Matrix(rows: test.count, columns: 1, storage: test.z!.scalars.map(Double.init)))
  print("λ = \(weight): task accuracy \(Double(correct) / Double(test.count)), I(Z; A) = \(max(0, leak.value)) nats (Ross)")
}
